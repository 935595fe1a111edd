package dev.regatta.api.v1alpha1;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A size field: bytes as a bare integer or a string such as 64Ki (see {@link dev.regatta.units.Sizes}), between
 * {@link #min()} and {@link #max()}. fabric8's generator writes no bounds for int-or-string fields, so the CRD
 * generation adds them from this annotation (minimum/maximum for a bare number, the size pattern and
 * maxLength for a string); SpecValidator checks min and max whatever form the size is written in.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.TYPE_USE})
public @interface ByteSize {
  long min() default 0;

  long max();
}
