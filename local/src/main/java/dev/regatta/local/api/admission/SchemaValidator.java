package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI v3 part of the API server's validation of a custom resource (kube-openapi, as apiextensions
 * calls it): type (with int-or-string and nullable), enum, required, minimum/maximum (exclusive too),
 * multipleOf, minLength/maxLength, pattern, format, minItems/maxItems, min/maxProperties, list-type set and
 * map uniqueness, and allOf/anyOf/oneOf/not. Errors have the API server's types, paths and wording.
 *
 * <p>Patterns run on RE2 (re2j), the engine the API server uses: linear in the input, so a hostile 1 MB value
 * cannot make a pattern backtrack for minutes.
 *
 * <p>Ratcheting, as the API server does it on update since 1.30: a value equal to the old object's value at
 * the same place is not validated again, so an object stored under an older, looser schema can still have
 * its status or labels written.
 */
final class SchemaValidator {
  /** Go's JSON decoding keeps a float as an integer only within ±2^53 (swag.IsFloat64AJSONInteger). */
  private static final BigDecimal MAX_JSON_INTEGER = BigDecimal.valueOf(1L << 53);
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaValidator() {}

  /** Errors of value against schema at path; old is the correlated value of the old object, or null. */
  static void validate(JsonNode schema, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    if (schema == null || value == null) {
      return;
    }
    if (old != null && SchemaNodes.same(old, value)) {
      return; // ratcheting: unchanged values are not validated again
    }
    if (value.isNull()) {
      if (!SchemaNodes.nullable(schema) && (schema.has("type") || SchemaNodes.intOrString(schema))) {
        errors.add(typeError(schema, value, path));
      }
      return;
    }
    if (!typeMatches(schema, value)) {
      errors.add(typeError(schema, value, path));
      return;
    }
    enumeration(schema, value, path, errors);
    if (value.isTextual()) {
      string(schema, value, path, errors);
    } else if (value.isNumber()) {
      number(schema, value, path, errors);
    } else if (value.isArray()) {
      array(schema, value, old, path, errors);
    } else if (value.isObject()) {
      object(schema, value, old, path, errors);
    }
    combinators(schema, value, path, errors);
  }

  /** True for the error types after which the API server does not run CEL rules (hasBlockingErr). */
  static boolean blocksCel(FieldError e) {
    return switch (e.type()) {
      case NOT_SUPPORTED, REQUIRED, TOO_LONG, TOO_MANY, TYPE_INVALID -> true;
      default -> false;
    };
  }

  // ---- types ----------------------------------------------------------------------------------------------

  private static boolean typeMatches(JsonNode schema, JsonNode v) {
    if (SchemaNodes.intOrString(schema)) {
      return isInteger(v) || v.isTextual();
    }
    return switch (schema.path("type").asText("")) {
      case "" -> true;
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> isInteger(v);
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> false;
    };
  }

  /** An integer as Go decodes JSON: an int64, or a float64 with an integral value within ±2^53. */
  private static boolean isInteger(JsonNode v) {
    if (!v.isNumber()) {
      return false;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong();
    }
    BigDecimal d = v.decimalValue();
    return d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(MAX_JSON_INTEGER) <= 0;
  }

  private static FieldError typeError(JsonNode schema, JsonNode value, String path) {
    String expected = SchemaNodes.intOrString(schema) ? "integer,string" : schema.path("type").asText();
    String actual = GoFormat.typeName(value);
    if ("integer".equals(actual) && !value.canConvertToLong()) {
      actual = "number";
    }
    return FieldError.typeInvalid(path, actual, path + " in body must be of type " + expected + ": \"" + actual + "\"");
  }

  // ---- keywords -------------------------------------------------------------------------------------------

  private static void enumeration(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null || !allowed.isArray()) {
      return;
    }
    List<String> quoted = new ArrayList<>();
    for (JsonNode a : allowed) {
      if (SchemaNodes.same(a, value)) {
        return;
      }
      quoted.add(GoFormat.quote(a.isTextual() ? a.asText() : a.toString(), Integer.MAX_VALUE));
    }
    errors.add(FieldError.notSupported(path, value, "supported values: " + String.join(", ", quoted)));
  }

  private static void string(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    String s = value.asText();
    int length = s.codePointCount(0, s.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
      errors.add(FieldError.tooLong(path, "may not be longer than " + schema.get("maxLength").asLong()));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
      errors.add(FieldError.invalid(path, value,
          path + " in body should be at least " + schema.get("minLength").asLong() + " chars long"));
    }
    if (schema.has("pattern")) {
      String p = schema.get("pattern").asText();
      if (!PATTERNS.computeIfAbsent(p, Pattern::compile).matcher(s).find()) {
        errors.add(FieldError.invalid(path, value, path + " in body should match '" + p + "'"));
      }
    }
    if (schema.has("format")) {
      String format = schema.get("format").asText();
      if (!Formats.valid(format, s)) {
        errors.add(FieldError.typeInvalid(path, s, path + " in body must be of type " + format + ": "
            + GoFormat.quote(s, FieldError.MAX_QUOTED)));
      }
    }
  }

  private static void number(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    BigDecimal v = value.decimalValue();
    if (schema.has("minimum")) {
      BigDecimal min = schema.get("minimum").decimalValue();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? v.compareTo(min) <= 0 : v.compareTo(min) < 0) {
        errors.add(FieldError.invalid(path, value, path + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + GoFormat.number(min.doubleValue())));
      }
    }
    if (schema.has("maximum")) {
      BigDecimal max = schema.get("maximum").decimalValue();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? v.compareTo(max) >= 0 : v.compareTo(max) > 0) {
        errors.add(FieldError.invalid(path, value, path + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + GoFormat.number(max.doubleValue())));
      }
    }
    if (schema.has("multipleOf")) {
      BigDecimal m = schema.get("multipleOf").decimalValue();
      if (m.signum() > 0 && v.remainder(m).signum() != 0) {
        errors.add(FieldError.invalid(path, value, path + " in body should be a multiple of "
            + GoFormat.number(m.doubleValue())));
      }
    }
  }

  private static void array(JsonNode schema, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    int size = value.size();
    if (schema.has("minItems") && size < schema.get("minItems").asLong()) {
      errors.add(FieldError.invalid(path, JsonNodeFactory.instance.numberNode(size),
          path + " in body should have at least " + schema.get("minItems").asLong() + " items"));
    }
    if (schema.has("maxItems") && size > schema.get("maxItems").asLong()) {
      errors.add(FieldError.tooMany(path, size, schema.get("maxItems").asLong()));
    }
    JsonNode items = schema.get("items");
    if (items != null) {
      for (int i = 0; i < size; i++) {
        JsonNode item = value.get(i);
        validate(items, item, SchemaNodes.correlatedItem(schema, old, item), SchemaNodes.index(path, i), errors);
      }
    }
    uniqueness(schema, value, path, errors);
  }

  /** x-kubernetes-list-type set: no two equal items; map: no two items with the same keys. */
  private static void uniqueness(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    String listType = schema.path("x-kubernetes-list-type").asText("");
    List<String> keys = SchemaNodes.mapKeys(schema);
    if (!listType.equals("set") && keys.isEmpty()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      JsonNode identity = item;
      if (!keys.isEmpty()) {
        if (!item.isObject()) {
          continue;
        }
        ObjectNode k = JsonNodeFactory.instance.objectNode();
        keys.stream().filter(item::has).forEach(key -> k.set(key, item.get(key)));
        identity = k;
      }
      if (!seen.add(identity.toString())) {
        errors.add(FieldError.duplicate(SchemaNodes.index(path, i), identity));
      }
    }
  }

  private static void object(JsonNode schema, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    for (JsonNode r : schema.path("required")) {
      if (!value.has(r.asText())) {
        errors.add(FieldError.required(SchemaNodes.field(path, r.asText()), ""));
      }
    }
    int size = value.size();
    if (schema.has("maxProperties") && size > schema.get("maxProperties").asLong()) {
      errors.add(FieldError.tooMany(path, size, schema.get("maxProperties").asLong()));
    }
    if (schema.has("minProperties") && size < schema.get("minProperties").asLong()) {
      errors.add(FieldError.invalid(path, JsonNodeFactory.instance.numberNode(size),
          path + " in body should have at least " + schema.get("minProperties").asLong() + " properties"));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode s = SchemaNodes.child(schema, e.getKey());
      JsonNode o = old != null && old.isObject() ? old.get(e.getKey()) : null;
      validate(s, e.getValue(), o, SchemaNodes.field(path, e.getKey()), errors);
    }
  }

  /** Value validations in allOf/anyOf/oneOf/not (structural schemas allow no types there). */
  private static void combinators(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    for (JsonNode s : schema.path("allOf")) {
      validate(s, value, null, path, errors);
    }
    if (schema.has("anyOf") && !SchemaNodes.intOrString(schema)) {
      List<FieldError> first = null;
      boolean any = false;
      for (JsonNode s : schema.get("anyOf")) {
        List<FieldError> branch = new ArrayList<>();
        validate(s, value, null, path, branch);
        any |= branch.isEmpty();
        first = first == null ? branch : first;
      }
      if (!any) {
        errors.addAll(first);
        errors.add(FieldError.invalid(path, value, path + " in body must validate at least one schema (anyOf)"));
      }
    }
    if (schema.has("oneOf")) {
      int passing = 0;
      for (JsonNode s : schema.get("oneOf")) {
        List<FieldError> branch = new ArrayList<>();
        validate(s, value, null, path, branch);
        passing += branch.isEmpty() ? 1 : 0;
      }
      if (passing != 1) {
        errors.add(FieldError.invalid(path, value, path + " in body must validate one and only one schema (oneOf)"));
      }
    }
    if (schema.has("not")) {
      List<FieldError> branch = new ArrayList<>();
      validate(schema.get("not"), value, null, path, branch);
      if (branch.isEmpty()) {
        errors.add(FieldError.invalid(path, value, path + " in body must not validate the schema (not)"));
      }
    }
  }
}
