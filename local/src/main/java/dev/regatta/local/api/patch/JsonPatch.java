package dev.regatta.local.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON patch (RFC 6902, {@code application/json-patch+json}): fabric8's edit() and kubectl patch --type=json.
 * Strict as the API server is: removing or replacing what is not there, or a failed test, refuses the whole
 * patch and nothing is changed.
 */
public final class JsonPatch {
  private JsonPatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) throws PatchException {
    if (patch == null || !patch.isArray()) {
      throw new PatchException("a JSON patch must be a JSON array of operations");
    }
    // a one-element holder, so that the root ("") can be replaced like any other location
    ArrayNode doc = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    doc.add(target == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : target.deepCopy());
    int i = 0;
    for (JsonNode op : patch) {
      try {
        applyOne(doc, op);
      } catch (PatchException e) {
        throw new PatchException("operation " + i + " (" + op.path("op").asText("?") + " " + op.path("path").asText("")
            + "): " + e.getMessage());
      }
      i++;
    }
    if (doc.isEmpty()) {
      throw new PatchException("a patch cannot remove the whole object: use DELETE");
    }
    return doc.get(0);
  }

  private static void applyOne(ArrayNode doc, JsonNode op) throws PatchException {
    if (!op.isObject() || !op.path("op").isTextual() || !op.path("path").isTextual()) {
      throw new PatchException("an operation needs \"op\" and \"path\" strings");
    }
    List<String> path = pointer(op.get("path").asText());
    switch (op.get("op").asText()) {
      case "add" -> add(doc, path, value(op));
      case "remove" -> remove(doc, path);
      case "replace" -> {
        remove(doc, path);
        add(doc, path, value(op));
      }
      case "move" -> {
        List<String> from = pointer(from(op));
        if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
          throw new PatchException("cannot move a value into itself");
        }
        JsonNode v = get(doc, from);
        remove(doc, from);
        add(doc, path, v);
      }
      case "copy" -> add(doc, path, get(doc, pointer(from(op))).deepCopy());
      case "test" -> {
        if (!get(doc, path).equals(value(op))) {
          throw new PatchException("testing value " + op.get("path").asText() + " failed");
        }
      }
      default -> throw new PatchException("unknown op " + op.get("op").asText());
    }
  }

  private static JsonNode value(JsonNode op) throws PatchException {
    if (!op.has("value")) {
      throw new PatchException("missing \"value\"");
    }
    return op.get("value").deepCopy();
  }

  private static String from(JsonNode op) throws PatchException {
    if (!op.path("from").isTextual()) {
      throw new PatchException("missing \"from\"");
    }
    return op.get("from").asText();
  }

  /** The reference tokens of a JSON pointer, with the root as token "0" of the holder. */
  private static List<String> pointer(String p) throws PatchException {
    List<String> tokens = new ArrayList<>();
    tokens.add("0");
    if (p.isEmpty()) {
      return tokens;
    }
    if (!p.startsWith("/")) {
      throw new PatchException("a path must start with /: " + p);
    }
    for (String t : p.substring(1).split("/", -1)) {
      tokens.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static JsonNode get(JsonNode doc, List<String> path) throws PatchException {
    JsonNode n = doc;
    for (String t : path) {
      n = child(n, t);
      if (n == null) {
        throw new PatchException("missing value at " + display(path));
      }
    }
    return n;
  }

  private static JsonNode child(JsonNode n, String token) throws PatchException {
    if (n.isObject()) {
      return n.get(token);
    }
    if (n.isArray()) {
      int i = index(token, n.size() - 1);
      return n.get(i);
    }
    return null;
  }

  private static JsonNode parent(ArrayNode doc, List<String> path, String whatIfMissing) throws PatchException {
    try {
      return get(doc, path.subList(0, path.size() - 1));
    } catch (PatchException e) {
      throw new PatchException(whatIfMissing + " " + display(path) + ": " + e.getMessage());
    }
  }

  private static void add(ArrayNode doc, List<String> path, JsonNode value) throws PatchException {
    JsonNode parent = parent(doc, path, "cannot add");
    String last = path.get(path.size() - 1);
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, value);
    } else if (parent.isArray()) {
      ArrayNode a = (ArrayNode) parent;
      if ("-".equals(last)) {
        a.add(value);
      } else {
        a.insert(index(last, a.size()), value);
      }
    } else {
      throw new PatchException("the parent of " + display(path) + " is neither an object nor a list");
    }
  }

  private static void remove(ArrayNode doc, List<String> path) throws PatchException {
    JsonNode parent = parent(doc, path, "missing value at");
    String last = path.get(path.size() - 1);
    if (parent.isObject() && parent.has(last)) {
      ((ObjectNode) parent).remove(last);
    } else if (parent.isArray() && !"-".equals(last)) {
      ((ArrayNode) parent).remove(index(last, parent.size() - 1));
    } else {
      throw new PatchException("missing value at " + display(path));
    }
  }

  private static int index(String token, int max) throws PatchException {
    if (!token.matches("0|[1-9][0-9]{0,8}")) {
      throw new PatchException("not a list index: " + token);
    }
    int i = Integer.parseInt(token);
    if (i > max) {
      throw new PatchException("list index " + i + " out of bounds");
    }
    return i;
  }

  private static String display(List<String> path) {
    return "/" + String.join("/", path.subList(1, path.size()));
  }
}
