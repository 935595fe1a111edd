package dev.regatta.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the API server does with a BenchmarkRun on create, as far as the CRD decides it: prune nulls, apply
 * schema defaults, check the structural schema (types, required, enum, pattern, minimum/maximum,
 * minItems/maxItems, minLength/maxLength, maxProperties, unknown fields) and evaluate the x-kubernetes-validations CEL rules ({@link CelRules}).
 * Messages follow the API server's form, {@code spec.placements[0].pods: ...}, so a test can assert the field.
 *
 * <p>Not covered: metadata (the API server validates ObjectMeta itself), format checks, CEL cost budgets,
 * typed CEL compilation (rules are compiled with {@code self} as dyn).
 */
public final class CrdSchema {
  private final JsonNode schema;
  private final CelRules cel = new CelRules();

  private CrdSchema(JsonNode schema) {
    this.schema = schema;
  }

  /** The openAPIV3Schema of the first version of the CRD in this file. */
  public static CrdSchema of(Path crdFile) {
    try {
      JsonNode crd = RunFiles.yaml().readTree(Files.readString(crdFile));
      JsonNode s = crd.at("/spec/versions/0/schema/openAPIV3Schema");
      if (!s.isObject()) {
        throw new IllegalArgumentException(crdFile + " has no spec.versions[0].schema.openAPIV3Schema");
      }
      return new CrdSchema(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every error the API server would report when this object is created; empty when it is accepted. */
  public List<String> validateCreate(JsonNode object) {
    JsonNode copy = object.deepCopy();
    List<String> errors = new ArrayList<>();
    ObjectNode root = (ObjectNode) copy;
    // apiVersion, kind and metadata are the API server's own business, not the CRD schema's.
    root.remove(List.of("apiVersion", "kind", "metadata"));
    pruneNullsAndDefault(schema, root);
    List<Runnable> rules = new ArrayList<>();
    boolean[] blocking = {false};
    check(schema, root, "", errors, rules, blocking);
    // Like the API server: type and required errors block CEL, whose rules could not read such an object.
    if (blocking[0]) {
      errors.add("<root>: Invalid value: \"object\": some validation rules were not checked because the object "
          + "was invalid; correct the existing errors to complete validation");
    } else {
      rules.forEach(Runnable::run);
    }
    return errors;
  }

  // ---- defaulting ----------------------------------------------------------------------------------------

  private static void pruneNullsAndDefault(JsonNode s, JsonNode value) {
    if (value == null || s == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode o = (ObjectNode) value;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode ps = propertySchema(s, e.getKey());
        if (e.getValue().isNull() && (ps == null || !ps.path("nullable").asBoolean(false))) {
          it.remove();
        }
      }
      JsonNode props = s.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        if (!o.has(p.getKey()) && p.getValue().has("default")) {
          o.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
      }
      o.fields().forEachRemaining(e -> pruneNullsAndDefault(propertySchema(s, e.getKey()), e.getValue()));
    } else if (value.isArray() && s.has("items")) {
      value.forEach(item -> pruneNullsAndDefault(s.get("items"), item));
    }
  }

  private static JsonNode propertySchema(JsonNode s, String name) {
    if (s.path("properties").has(name)) {
      return s.path("properties").get(name);
    }
    JsonNode ap = s.get("additionalProperties");
    return ap != null && ap.isObject() ? ap : null;
  }

  // ---- structural checks ---------------------------------------------------------------------------------

  private void check(JsonNode s, JsonNode v, String path, List<String> errors, List<Runnable> rules,
      boolean[] blocking) {
    String at = path.isEmpty() ? "<root>" : path;
    if (!typeMatches(s, v)) {
      errors.add(at + ": Invalid value: " + describe(v) + ": must be of type " + expectedType(s));
      blocking[0] = true;
      return;
    }
    if (s.has("enum")) {
      boolean found = false;
      List<String> allowed = new ArrayList<>();
      for (JsonNode e : s.get("enum")) {
        allowed.add(e.toString());
        found |= e.equals(v);
      }
      if (!found) {
        errors.add(at + ": Unsupported value: " + v + ": supported values: " + String.join(", ", allowed));
      }
    }
    if (v.isTextual() && s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
      errors.add(at + ": Invalid value: " + v + ": should match '" + s.get("pattern").asText() + "'");
    }
    if (v.isTextual() && s.has("maxLength") && v.asText().codePointCount(0, v.asText().length()) > s.get("maxLength").asInt()) {
      errors.add(at + ": Too long: may not be longer than " + s.get("maxLength").asInt());
    }
    if (v.isTextual() && s.has("minLength") && v.asText().codePointCount(0, v.asText().length()) < s.get("minLength").asInt()) {
      errors.add(at + ": Invalid value: " + v + ": should be at least " + s.get("minLength").asInt() + " chars long");
    }
    if (v.isObject() && s.has("maxProperties") && v.size() > s.get("maxProperties").asInt()) {
      errors.add(at + ": Too many: " + v.size() + ": must have at most " + s.get("maxProperties").asInt() + " items");
    }
    if (v.isNumber() && s.has("minimum") && v.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
      errors.add(at + ": Invalid value: " + v + ": should be greater than or equal to " + number(s.get("minimum")));
    }
    if (v.isNumber() && s.has("maximum") && v.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0) {
      errors.add(at + ": Invalid value: " + v + ": should be less than or equal to " + number(s.get("maximum")));
    }
    if (v.isArray()) {
      if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
        errors.add(at + ": Invalid value: " + v.size() + ": should have at least " + s.get("minItems").asInt() + " items");
      }
      if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
        errors.add(at + ": Too many: " + v.size() + ": must have at most " + s.get("maxItems").asInt() + " items");
      }
      for (int i = 0; i < v.size(); i++) {
        if (s.has("items")) {
          check(s.get("items"), v.get(i), path + "[" + i + "]", errors, rules, blocking);
        }
      }
    }
    if (v.isObject()) {
      for (JsonNode r : s.path("required")) {
        if (!v.has(r.asText())) {
          errors.add(join(path, r.asText()) + ": Required value");
          blocking[0] = true;
        }
      }
      boolean open = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
          || s.path("x-kubernetes-embedded-resource").asBoolean(false);
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode ps = propertySchema(s, e.getKey());
        String child = s.path("properties").has(e.getKey()) ? join(path, e.getKey()) : path + "[" + e.getKey() + "]";
        if (ps != null) {
          check(ps, e.getValue(), child, errors, rules, blocking);
        } else if (!open) {
          errors.add(join(path, e.getKey()) + ": unknown field \"" + e.getKey() + "\"");
        }
      }
    }
    for (JsonNode rule : s.path("x-kubernetes-validations")) {
      rules.add(() -> {
        String error = cel.evaluate(rule, s, v);
        if (error != null) {
          errors.add(at + ": Invalid value: \"" + (v.isObject() ? "object" : v.isArray() ? "array" : v.asText())
              + "\": " + error);
        }
      });
    }
  }

  private static boolean typeMatches(JsonNode s, JsonNode v) {
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return v.isIntegralNumber() || v.isTextual();
    }
    String type = s.path("type").asText("");
    return switch (type) {
      case "" -> true;
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> false;
    };
  }

  private static String expectedType(JsonNode s) {
    return s.path("x-kubernetes-int-or-string").asBoolean(false) ? "integer or string" : s.path("type").asText();
  }

  private static String describe(JsonNode v) {
    return "\"" + (v.isObject() ? "object" : v.isArray() ? "array" : v.isTextual() ? "string"
        : v.isBoolean() ? "boolean" : "number") + "\"";
  }

  private static String number(JsonNode n) {
    return n.asDouble() == Math.rint(n.asDouble()) ? Long.toString(n.asLong()) : n.asText();
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
