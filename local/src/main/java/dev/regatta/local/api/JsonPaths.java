package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The subset of JSONPath that printer columns and field selectors use: dotted member names
 * ({@code .status.summary.p99}), optional braces, and numeric indexes ({@code .items[0]}).
 */
final class JsonPaths {
  private JsonPaths() {}

  static JsonNode get(JsonNode root, String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    if (p.startsWith(".")) {
      p = p.substring(1);
    }
    JsonNode n = root;
    for (String part : p.split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      int bracket = part.indexOf('[');
      String name = bracket >= 0 ? part.substring(0, bracket) : part;
      n = name.isEmpty() ? n : n.path(name);
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          return MissingNode.getInstance();
        }
        String idx = part.substring(bracket + 1, close);
        try {
          n = n.path(Integer.parseInt(idx));
        } catch (NumberFormatException e) {
          return MissingNode.getInstance();
        }
        bracket = part.indexOf('[', close);
      }
      if (n.isMissingNode()) {
        return n;
      }
    }
    return n;
  }
}
