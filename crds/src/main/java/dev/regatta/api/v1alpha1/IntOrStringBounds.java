package dev.regatta.api.v1alpha1;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds of an int-or-string value that is not a size (a matrix value): a bare integer between min and max, a
 * string of at most maxLength characters. Added to the CRD by its generation, as for {@link ByteSize}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.TYPE_USE})
public @interface IntOrStringBounds {
  long min();

  long max();

  int maxLength();
}
