package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies a PATCH body to the stored object the way the API server does for a custom resource, so that what is
 * validated is exactly what will be stored: JSON merge patch (RFC 7386: objects merge, lists and scalars are
 * replaced, null deletes) and JSON patch (RFC 6902). A strategic merge patch is treated as a merge patch (the
 * embedded API converts it before this point); custom resources have no patch strategies on a cluster either.
 */
final class Patches {
  private Patches() {}

  /** The patched copy of current; IllegalArgumentException with the reason when the patch cannot apply. */
  static JsonNode apply(String contentType, JsonNode patch, JsonNode current) {
    String ct = contentType == null ? "" : contentType;
    if (ct.contains("json-patch")) {
      if (!patch.isArray()) {
        throw new IllegalArgumentException("a JSON patch must be a list of operations");
      }
      try {
        return JsonPatch.apply(patch, current.deepCopy());
      } catch (JsonPatchException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return merge(current.deepCopy(), patch);
  }

  /** RFC 7386. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }
}
