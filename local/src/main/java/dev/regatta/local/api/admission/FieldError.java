package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One validation error as the API server reports it (apimachinery's {@code field.Error}): a type, the field
 * path ({@code spec.scenarios[0].redis.keySpace}), the offending value and a detail. {@link #toString()} is
 * the text kubectl prints after the field, e.g. {@code Invalid value: 0: spec.placements[0].pods in body
 * should be greater than or equal to 1}.
 *
 * @param badValue the value as the API server prints it: a JSON string is quoted, a number or boolean is
 *     not; {@code null} omits it (Required, Forbidden, Too long never show the value)
 */
public record FieldError(Type type, String field, JsonNode badValue, String detail) {
  /** apimachinery's error types: the cause reason in the Status, and the words kubectl shows. */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value", false),
    INVALID("FieldValueInvalid", "Invalid value", true),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value", true),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value", true),
    DUPLICATE("FieldValueDuplicate", "Duplicate value", true),
    FORBIDDEN("FieldValueForbidden", "Forbidden", false),
    TOO_LONG("FieldValueTooLong", "Too long", false),
    TOO_MANY("FieldValueTooMany", "Too many", true);

    final String reason;
    final String words;
    final boolean showsValue;

    Type(String reason, String words, boolean showsValue) {
      this.reason = reason;
      this.words = words;
      this.showsValue = showsValue;
    }
  }

  /**
   * A string value quoted in a message is cut here: the API server would echo a 1 MB value whole; local mode
   * keeps messages readable and says how much it left out.
   */
  static final int MAX_QUOTED = 256;

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError invalid(String field, JsonNode value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  public static FieldError typeInvalid(String field, String actualType, String detail) {
    return new FieldError(Type.TYPE_INVALID, field, JsonNodeFactory.instance.textNode(actualType), detail);
  }

  public static FieldError notSupported(String field, JsonNode value, String detail) {
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
  }

  public static FieldError tooLong(String field, String detail) {
    return new FieldError(Type.TOO_LONG, field, null, detail);
  }

  public static FieldError tooMany(String field, long actual, long max) {
    return new FieldError(Type.TOO_MANY, field, JsonNodeFactory.instance.numberNode(actual),
        "must have at most " + max + " items");
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, detail);
  }

  public static FieldError duplicate(String field, JsonNode value) {
    return new FieldError(Type.DUPLICATE, field, value, "");
  }

  /** The error body without the field: what the Status cause's message holds. */
  public String body() {
    StringBuilder s = new StringBuilder(type.words);
    if (type.showsValue) {
      s.append(": ").append(GoFormat.value(badValue, MAX_QUOTED));
    }
    if (detail != null && !detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** The cause in a Status body's details. */
  public ObjectNode cause() {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("reason", type.reason);
    c.put("message", body());
    c.put("field", field);
    return c;
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }
}
