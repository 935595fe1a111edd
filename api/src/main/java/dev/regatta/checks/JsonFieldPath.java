package dev.regatta.checks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.List;

/**
 * The field a JSON check reads: names separated by dots, array elements as {@code [n]} or {@code .n}, an
 * optional leading {@code $} or {@code $.}: {@code predictions[0].label}, {@code $.data.items.0.id}. Names hold
 * anything but '.', '[', ']'; a name that is all digits selects an array element when the value is an array,
 * else the object field of that name.
 */
public final class JsonFieldPath {
  private final String text;
  /** String (a name) or Integer (an index written in brackets). */
  private final List<Object> steps;

  private JsonFieldPath(String text, List<Object> steps) {
    this.text = text;
    this.steps = steps;
  }

  /** Parses a path; throws IllegalArgumentException saying what is wrong with it. */
  public static JsonFieldPath parse(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("is empty: name a field, e.g. predictions[0].label");
    }
    String p = path.startsWith("$.") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : path;
    List<Object> steps = new ArrayList<>();
    int i = 0;
    boolean expectName = true;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '[') {
        int close = p.indexOf(']', i);
        if (close < 0) {
          throw bad(path, "a '[' without its ']'");
        }
        String digits = p.substring(i + 1, close);
        if (!digits.matches("[0-9]{1,9}")) {
          throw bad(path, "[" + digits + "] is not an array index such as [0]");
        }
        steps.add(Integer.parseInt(digits));
        i = close + 1;
        expectName = false;
        if (i < p.length() && p.charAt(i) == '.') {
          i++;
          expectName = true;
          if (i == p.length()) {
            throw bad(path, "it ends with '.'");
          }
        } else if (i < p.length() && p.charAt(i) != '[') {
          throw bad(path, "after ']' comes '.', '[' or the end");
        }
      } else if (c == '.' || c == ']') {
        throw bad(path, c == '.' ? "an empty name between dots" : "a ']' without its '['");
      } else {
        if (!expectName) {
          throw bad(path, "a name must follow '.'");
        }
        int end = i;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[' && p.charAt(end) != ']') {
          end++;
        }
        steps.add(p.substring(i, end));
        i = end;
        if (i < p.length() && p.charAt(i) == '.') {
          i++;
          if (i == p.length()) {
            throw bad(path, "it ends with '.'");
          }
        } else if (i < p.length() && p.charAt(i) == ']') {
          throw bad(path, "a ']' without its '['");
        } else {
          expectName = false;
        }
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(Humanize.quote(path) + " names no field");
    }
    return new JsonFieldPath(path, List.copyOf(steps));
  }

  private static IllegalArgumentException bad(String path, String why) {
    return new IllegalArgumentException(Humanize.quote(path) + " is not a field path (" + why
        + "): use names separated by dots and [n] for array elements, e.g. predictions[0].label");
  }

  /** The value at this path, or null when the body has no such field. */
  public JsonNode find(JsonNode root) {
    JsonNode n = root;
    for (Object step : steps) {
      if (n == null) {
        return null;
      }
      if (step instanceof Integer idx) {
        n = n.isArray() ? n.get(idx) : null;
      } else {
        String name = (String) step;
        if (n.isArray() && name.matches("[0-9]{1,9}")) {
          n = n.get(Integer.parseInt(name));
        } else {
          n = n.isObject() ? n.get(name) : null;
        }
      }
    }
    return n;
  }

  /**
   * True when the node holds {@code expected} as JSON writes it: a string's text, a number of the same value
   * (1.5 and 1.50), true, false, null.
   */
  public static boolean matches(JsonNode node, String expected) {
    if (node == null || node.isMissingNode()) {
      return false;
    }
    if (node.isTextual()) {
      return node.asText().equals(expected);
    }
    if (node.isNumber()) {
      try {
        return node.decimalValue().compareTo(new java.math.BigDecimal(expected.trim())) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (node.isBoolean() || node.isNull()) {
      return node.toString().equals(expected.trim());
    }
    return node.toString().equals(expected); // an object or array, compared as compact JSON
  }

  @Override
  public String toString() {
    return text;
  }
}
