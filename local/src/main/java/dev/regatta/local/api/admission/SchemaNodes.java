package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** Reading a structural schema node: which schema applies to a child, and how the API server names paths. */
final class SchemaNodes {
  private SchemaNodes() {}

  /** Numbers compare by value (1 and 1.0 are the same), as Go's DeepEqual on decoded JSON would for our purposes. */
  private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  /** The schema of an object's field: its property, else additionalProperties; null when the field is unknown. */
  static JsonNode child(JsonNode schema, String name) {
    if (schema == null) {
      return null;
    }
    JsonNode p = schema.path("properties").get(name);
    if (p != null) {
      return p;
    }
    JsonNode ap = schema.get("additionalProperties");
    return ap != null && ap.isObject() ? ap : null;
  }

  static boolean isProperty(JsonNode schema, String name) {
    return schema != null && schema.path("properties").has(name);
  }

  static boolean preservesUnknownFields(JsonNode schema) {
    return schema != null && (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        || (schema.has("additionalProperties") && schema.get("additionalProperties").asBoolean(false)));
  }

  static boolean intOrString(JsonNode schema) {
    return schema != null && schema.path("x-kubernetes-int-or-string").asBoolean(false);
  }

  static boolean nullable(JsonNode schema) {
    return schema != null && schema.path("nullable").asBoolean(false);
  }

  static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(NUMERIC, b);
  }

  static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** A map key in a field path, as apimachinery's Path.Key prints it. */
  static String key(String path, String key) {
    return path + "[" + key + "]";
  }

  /** The list-type map keys of an array schema; empty for atomic lists and sets, whose items do not correlate. */
  static java.util.List<String> mapKeys(JsonNode arraySchema) {
    java.util.List<String> keys = new java.util.ArrayList<>();
    if (arraySchema != null && "map".equals(arraySchema.path("x-kubernetes-list-type").asText())) {
      arraySchema.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
    }
    return keys;
  }

  /**
   * The old list's item with the same map keys as this one (x-kubernetes-list-type: map), the only list items
   * the API server correlates between the old and the new object; null when there is none.
   */
  static JsonNode correlatedItem(JsonNode arraySchema, JsonNode oldList, JsonNode item) {
    java.util.List<String> keys = mapKeys(arraySchema);
    if (keys.isEmpty() || oldList == null || !oldList.isArray() || item == null || !item.isObject()) {
      return null;
    }
    for (JsonNode o : oldList) {
      boolean match = o.isObject();
      for (String k : keys) {
        match &= same(o.get(k), item.get(k));
      }
      if (match) {
        return o;
      }
    }
    return null;
  }
}
