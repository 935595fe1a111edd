package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server does to a custom resource before it validates it: drop the fields the schema does not
 * declare (returning their paths, which {@code fieldValidation=Strict} turns into an error and {@code Warn}
 * into warnings), drop nulls of fields that are not nullable, and fill in defaults.
 */
final class Pruning {
  /** ObjectMeta's fields: anything else under metadata is unknown, as it is to the API server's decoder. */
  private static final Set<String> OBJECT_META = Set.of("name", "generateName", "namespace", "selfLink", "uid",
      "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
      "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

  private Pruning() {}

  /**
   * Removes unknown fields from a whole object (apiVersion, kind and metadata are the API server's own) and
   * returns their paths, sorted, as the API server reports them ({@code spec.scenarios[0].warmpu}).
   */
  static List<String> pruneObject(JsonNode schema, ObjectNode object) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (name.equals("apiVersion") || name.equals("kind")) {
        continue;
      }
      if (name.equals("metadata")) {
        pruneMetadata(e.getValue(), unknown);
        continue;
      }
      JsonNode s = SchemaNodes.child(schema, name);
      if (s == null && !SchemaNodes.preservesUnknownFields(schema)) {
        unknown.add(name);
        it.remove();
      } else if (s != null) {
        prune(s, e.getValue(), name, unknown);
      }
    }
    unknown.sort(null);
    return unknown;
  }

  private static void pruneMetadata(JsonNode metadata, List<String> unknown) {
    if (!metadata.isObject()) {
      return;
    }
    for (Iterator<String> it = metadata.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!OBJECT_META.contains(name)) {
        unknown.add("metadata." + name);
        it.remove();
      }
    }
  }

  private static void prune(JsonNode schema, JsonNode value, String path, List<String> unknown) {
    if (value.isObject()) {
      boolean open = SchemaNodes.preservesUnknownFields(schema);
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode s = SchemaNodes.child(schema, e.getKey());
        if (s == null) {
          if (!open) {
            unknown.add(SchemaNodes.field(path, e.getKey()));
            it.remove();
          }
        } else {
          prune(s, e.getValue(), SchemaNodes.field(path, e.getKey()), unknown);
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        prune(schema.get("items"), value.get(i), SchemaNodes.index(path, i), unknown);
      }
    }
  }

  /**
   * Drops nulls of fields that are not nullable (a default, when there is one, takes their place) and applies
   * the schema's defaults where a field is missing, from the top down, as the API server does on every write.
   */
  static void nullsAndDefaults(JsonNode schema, JsonNode value) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode o = (ObjectNode) value;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode s = SchemaNodes.child(schema, e.getKey());
        if (e.getValue().isNull() && s != null && !SchemaNodes.nullable(s)) {
          it.remove();
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        if (!o.has(p.getKey()) && p.getValue().has("default")) {
          o.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
      }
      o.fields().forEachRemaining(e -> nullsAndDefaults(SchemaNodes.child(schema, e.getKey()), e.getValue()));
    } else if (value.isArray() && schema.has("items")) {
      value.forEach(item -> nullsAndDefaults(schema.get("items"), item));
    }
  }
}
