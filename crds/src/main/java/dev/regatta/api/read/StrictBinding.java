package dev.regatta.api.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Binds JSON to the API's Java types without guessing: no string read as a number or a boolean, no fraction
 * truncated to an integer, no number read as an enum, no unknown field dropped. When binding fails, the error
 * becomes a {@link Violation} naming the field the way SpecValidator does, with a message that says what the
 * field takes and what it got, instead of Jackson's words about Java classes.
 */
public final class StrictBinding {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private StrictBinding() {}

  /** Thrown by {@link #bind} with the field that could not be bound. */
  public static final class Failure extends Exception {
    private final transient Violation violation;

    Failure(Violation violation, Throwable cause) {
      super(violation.toString(), cause);
      this.violation = violation;
    }

    public Violation violation() {
      return violation;
    }
  }

  /**
   * The tree as a T; {@code root} names the tree in field paths (e.g. "spec"), {@code schema} (may be null) is
   * the tree's CRD schema, whose bounds a failure message then names.
   */
  public static <T> T bind(JsonNode tree, Class<T> type, String root, JsonNode schema) throws Failure {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new Failure(violation(e, tree, root, schema), e);
    }
  }

  /** The violation a binding error stands for: the field by Jackson's path, the message in the API's words. */
  public static Violation violation(Exception e, JsonNode tree, String root) {
    return violation(e, tree, root, null);
  }

  /** As {@link #violation(Exception, JsonNode, String)}, naming the schema's bound for a number beyond it. */
  public static Violation violation(Exception e, JsonNode tree, String root, JsonNode schema) {
    List<JsonMappingException.Reference> refs = e instanceof JsonMappingException m ? m.getPath() : List.of();
    StringBuilder path = new StringBuilder(root);
    JsonNode at = tree;
    JsonNode s = schema;
    for (JsonMappingException.Reference r : refs) {
      if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
        at = at == null ? null : at.get(r.getIndex());
      } else if (r.getFieldName() != null) {
        path.append('.').append(ShapeCheck.key(r.getFieldName()));
        at = at == null ? null : at.get(r.getFieldName());
      }
      s = ShapeCheck.child(s, r.getFieldName(), r.getIndex());
    }
    String got = at == null ? null : ShapeCheck.describe(at);
    String message;
    String range = ShapeCheck.rangeProblem(s, at);
    if (range != null) {
      message = range;
    } else if (e instanceof UnrecognizedPropertyException u) {
      message = "unknown field; this object takes " + u.getKnownPropertyIds();
    } else {
      Class<?> target = e instanceof MismatchedInputException mi && mi.getTargetType() != null ? mi.getTargetType()
          : e instanceof InvalidFormatException f ? f.getTargetType() : null;
      if (target == null && e instanceof ValueInstantiationException vi && vi.getType() != null) {
        target = vi.getType().getRawClass();
      }
      if (target == null && e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException c) {
        target = c.getTargetType();
      }
      message = target == null ? "cannot be read" : "must be " + takes(target);
      if (got != null) {
        message += ", got " + got;
      }
    }
    return new Violation(path.toString(), message);
  }

  /** What a Java type takes, in the words of the API. */
  static String takes(Class<?> t) {
    if (t == Integer.class || t == int.class) {
      return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (t == Long.class || t == long.class) {
      return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    if (t == Double.class || t == double.class || t == Float.class) {
      return "a number";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t == IntOrString.class) {
      return "an integer up to " + Integer.MAX_VALUE + " or a string";
    }
    if (t == Quantity.class) {
      return "a quantity such as 500m, 2 or 1Gi";
    }
    if (t.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : t.getEnumConstants()) {
        names.add(jsonName((Enum<?>) c));
      }
      return "one of " + String.join(", ", names);
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(t)) {
      return "an object of names to values";
    }
    return "an object";
  }

  private static String jsonName(Enum<?> c) {
    try {
      JsonProperty p = c.getDeclaringClass().getField(c.name()).getAnnotation(JsonProperty.class);
      return p != null ? p.value() : c.name();
    } catch (NoSuchFieldException e) {
      return c.name();
    }
  }
}
