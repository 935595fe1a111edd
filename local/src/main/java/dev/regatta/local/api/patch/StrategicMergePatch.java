package dev.regatta.local.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}), what kubectl sends for built-in
 * kinds on {@code apply}, {@code patch} (its default type) and {@code edit}. It is JSON merge patch, except
 * that lists with a merge key ({@link ListStrategy}: containers and env by name, conditions by type, ...)
 * merge element by element and primitive lists with strategy merge (finalizers) are unions; and these
 * directives: {@code $patch: replace|delete|merge} on a map or as a list element,
 * {@code $retainKeys}, {@code $deleteFromPrimitiveList/FIELD} and {@code $setElementOrder/FIELD}.
 */
public final class StrategicMergePatch {
  private static final String DIRECTIVE = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
  private static final String SET_ELEMENT_ORDER = "$setElementOrder/";

  private final String kind;

  private StrategicMergePatch(String kind) {
    this.kind = kind;
  }

  /** The patched copy of target, an object of the given built-in kind. */
  public static JsonNode apply(JsonNode target, JsonNode patch, String kind) throws PatchException {
    if (patch == null || !patch.isObject()) {
      throw new PatchException("a strategic merge patch must be a JSON object");
    }
    JsonNode out = new StrategicMergePatch(kind).mergeMap(target != null && target.isObject() ? (ObjectNode) target : null,
        (ObjectNode) patch, "");
    if (out == null) {
      throw new PatchException("a patch cannot delete the whole object: use DELETE");
    }
    return out;
  }

  /** The merged map, or null when the patch deletes it. */
  private JsonNode mergeMap(ObjectNode original, ObjectNode patch, String path) throws PatchException {
    String directive = patch.has(DIRECTIVE) ? patch.get(DIRECTIVE).asText() : "merge";
    switch (directive) {
      case "delete":
        return null;
      case "replace":
        return clean(patch);
      case "merge":
        break;
      default:
        throw new PatchException("unknown patch type: " + directive + " in map: " + patch);
    }
    ObjectNode result = original == null ? JsonNodeFactory.instance.objectNode() : original.deepCopy();
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.startsWith("$")) {
        continue;
      }
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (value.isNull()) {
        result.remove(key);
      } else if (value.isObject()) {
        JsonNode current = result.get(key);
        JsonNode merged = mergeMap(current != null && current.isObject() ? (ObjectNode) current : null, (ObjectNode) value,
            childPath);
        if (merged == null) {
          result.remove(key);
        } else {
          result.set(key, merged);
        }
      } else if (value.isArray()) {
        result.set(key, mergeList(result.get(key), (ArrayNode) value, childPath));
      } else {
        result.set(key, value.deepCopy());
      }
    }
    applyListDirectives(result, patch, path);
    if (patch.has(RETAIN_KEYS)) {
      Set<String> keep = new HashSet<>();
      patch.get(RETAIN_KEYS).forEach(k -> keep.add(k.asText()));
      List<String> drop = new ArrayList<>();
      result.fieldNames().forEachRemaining(k -> {
        if (!keep.contains(k)) {
          drop.add(k);
        }
      });
      result.remove(drop);
    }
    return result;
  }

  private void applyListDirectives(ObjectNode result, ObjectNode patch, String path) throws PatchException {
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        String field = key.substring(DELETE_FROM_PRIMITIVE_LIST.length());
        JsonNode list = result.get(field);
        if (list != null && list.isArray()) {
          ArrayNode kept = JsonNodeFactory.instance.arrayNode();
          for (JsonNode v : list) {
            if (!contains(e.getValue(), v)) {
              kept.add(v);
            }
          }
          result.set(field, kept);
        }
      } else if (key.startsWith(SET_ELEMENT_ORDER)) {
        String field = key.substring(SET_ELEMENT_ORDER.length());
        JsonNode list = result.get(field);
        if (list != null && list.isArray() && e.getValue().isArray()) {
          reorder((ArrayNode) list, (ArrayNode) e.getValue(),
              ListStrategy.of(kind, path.isEmpty() ? field : path + "." + field));
        }
      } else if (key.startsWith("$") && !key.equals(DIRECTIVE) && !key.equals(RETAIN_KEYS)) {
        throw new PatchException("unknown patch directive " + key);
      }
    }
  }

  private JsonNode mergeList(JsonNode original, ArrayNode patch, String path) throws PatchException {
    for (JsonNode e : patch) {
      if (e.isObject() && "replace".equals(e.path(DIRECTIVE).asText())) {
        ArrayNode rest = JsonNodeFactory.instance.arrayNode();
        for (JsonNode x : patch) {
          if (x != e) {
            rest.add(clean(x));
          }
        }
        return rest;
      }
    }
    ListStrategy s = ListStrategy.of(kind, path);
    if (!s.merges()) {
      return clean(patch);
    }
    ArrayNode result = original != null && original.isArray() ? ((ArrayNode) original).deepCopy()
        : JsonNodeFactory.instance.arrayNode();
    if (s.primitives()) {
      for (JsonNode v : patch) {
        if (!contains(result, v)) {
          result.add(v.deepCopy());
        }
      }
      return result;
    }
    String key = s.mergeKey();
    for (JsonNode e : patch) {
      if (!e.isObject() || !e.hasNonNull(key)) {
        throw new PatchException("map: " + e + " does not contain declared merge key: " + key);
      }
      int i = indexOf(result, key, e.get(key));
      if ("delete".equals(e.path(DIRECTIVE).asText())) {
        while (i >= 0) {
          result.remove(i);
          i = indexOf(result, key, e.get(key));
        }
        continue;
      }
      JsonNode merged = mergeMap(i >= 0 && result.get(i).isObject() ? (ObjectNode) result.get(i) : null, (ObjectNode) e, path);
      if (merged == null) {
        continue;
      }
      if (i >= 0) {
        result.set(i, merged);
      } else {
        result.add(merged);
      }
    }
    return result;
  }

  /**
   * $setElementOrder: the listed elements take the places the list's listed elements held, in the given
   * order; elements the order does not name keep their places.
   */
  private static void reorder(ArrayNode list, ArrayNode order, ListStrategy s) {
    List<JsonNode> keys = new ArrayList<>();
    for (JsonNode o : order) {
      keys.add(s.mergeKey() != null ? o.get(s.mergeKey()) : o);
    }
    List<Integer> places = new ArrayList<>();
    List<JsonNode> items = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode id = s.mergeKey() != null ? list.get(i).get(s.mergeKey()) : list.get(i);
      if (id != null && indexOf(keys, id) >= 0) {
        places.add(i);
        items.add(list.get(i));
      }
    }
    items.sort((a, b) -> Integer.compare(indexOf(keys, s.mergeKey() != null ? a.get(s.mergeKey()) : a),
        indexOf(keys, s.mergeKey() != null ? b.get(s.mergeKey()) : b)));
    for (int i = 0; i < places.size(); i++) {
      list.set(places.get(i), items.get(i));
    }
  }

  /** A copy without directives, for values that replace rather than merge. */
  static JsonNode clean(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      n.fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith("$")) {
          out.set(e.getKey(), clean(e.getValue()));
        }
      });
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> out.add(clean(x)));
      return out;
    }
    return n.deepCopy();
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (same(list.get(i).get(key), value)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(List<JsonNode> keys, JsonNode value) {
    for (int i = 0; i < keys.size(); i++) {
      if (same(keys.get(i), value)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (JsonNode v : list) {
      if (same(v, value)) {
        return true;
      }
    }
    return false;
  }

  /** Equal as JSON values: 80 and 80.0 are the same port. */
  private static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
