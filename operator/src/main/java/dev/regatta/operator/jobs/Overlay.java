package dev.regatta.operator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Lays one Kubernetes object over a default of the same type: objects merge field by field, lists and values replace. */
final class Overlay {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Overlay() {}

  static <T> T over(T base, T top, Class<T> type) {
    ObjectNode merged = JSON.valueToTree(base);
    merge(merged, JSON.valueToTree(top));
    try {
      return JSON.treeToValue(merged, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot merge " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  private static void merge(ObjectNode base, JsonNode top) {
    for (Iterator<Map.Entry<String, JsonNode>> it = top.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode mine = base.get(e.getKey());
      if (mine instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else if (!e.getValue().isNull()) {
        base.set(e.getKey(), e.getValue());
      }
    }
  }
}
