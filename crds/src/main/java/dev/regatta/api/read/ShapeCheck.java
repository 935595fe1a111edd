package dev.regatta.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.units.Humanize;
import dev.regatta.validation.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a spec's JSON against the CRD's structural schema. Each problem is a {@link Violation} naming the field
 * as SpecValidator does ({@code spec.scenarios[0].redis.keySpace}).
 *
 * <p>{@link #read} runs on the raw JSON before any of it is bound to Java types: unknown fields, JSON types and
 * enums, which would stop the binding. A number beyond what its Java type holds fails the binding, and
 * {@link StrictBinding} names the schema's bound for it ({@link #rangeProblem}); every bound in the schema fits
 * its Java type, so a value within it always binds.
 * {@link #validate} is SpecValidator's last pass, on the spec as Java holds it: everything else the schema
 * says (required fields, string lengths and patterns, list and map sizes), so that no bound of the CRD goes
 * unchecked in Java, whether the spec came from the API, a file or the CLI's flags. The CEL rules are
 * SpecValidator's own checks, in words.
 *
 * <p>An API server prunes unknown fields and kubectl's strict field validation refuses them; here an unknown
 * field is always an error, so a typo such as {@code warmpu} never passes silently.
 */
public final class ShapeCheck {
  /** A spec with more problems than this is listed up to here: the first ones are enough to act on. */
  public static final int MAX_VIOLATIONS = 20;
  private static final int MAX_KEY_IN_PATH = 64;

  private final List<Violation> violations = new ArrayList<>();
  private final boolean full;

  private ShapeCheck(boolean full) {
    this.full = full;
  }

  /** What stops a spec's raw JSON from binding, in document order; empty when it binds. */
  public static List<Violation> read(JsonNode raw) {
    ShapeCheck c = new ShapeCheck(false);
    c.check(SpecSchema.spec(), raw, "spec");
    return c.violations;
  }

  /** Every way a spec (as JSON written from its Java object) breaks the schema, in document order. */
  public static List<Violation> validate(JsonNode spec) {
    ShapeCheck c = new ShapeCheck(true);
    c.check(SpecSchema.spec(), spec, "spec");
    return c.violations;
  }

  private void fail(String path, String message) {
    if (violations.size() < MAX_VIOLATIONS) {
      violations.add(new Violation(path, message));
    }
  }

  private void check(JsonNode s, JsonNode v, String path) {
    if (v == null || v.isNull() || violations.size() >= MAX_VIOLATIONS) {
      return; // the API server prunes nulls; Java binds them as absent
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (v.isIntegralNumber()) {
        if (full) {
          range(s, v, path);
        }
      } else if (v.isTextual()) {
        text(s, v, path);
      } else {
        fail(path, "must be an integer or a string, got " + describe(v));
      }
      return;
    }
    String type = s.path("type").asText("");
    if (!typeMatches(type, v)) {
      fail(path, "must be " + article(type) + ", got " + describe(v));
      return;
    }
    if (s.has("enum")) {
      List<String> allowed = new ArrayList<>();
      boolean found = false;
      for (JsonNode e : s.get("enum")) {
        allowed.add(e.asText());
        found |= e.equals(v);
      }
      if (!found) {
        fail(path, "must be one of " + String.join(", ", allowed) + "; got " + describe(v));
        return;
      }
    }
    switch (type) {
      case "integer", "number" -> {
        if (full) {
          range(s, v, path);
        }
      }
      case "string" -> text(s, v, path);
      case "array" -> array(s, v, path);
      case "object" -> object(s, v, path);
      default -> { }
    }
  }

  private void range(JsonNode s, JsonNode v, String path) {
    String problem = rangeProblem(s, v);
    if (problem != null) {
      fail(path, problem);
    }
  }

  /** Null when the number is within the schema's minimum and maximum; else what is wrong. */
  static String rangeProblem(JsonNode s, JsonNode v) {
    if (s == null || v == null || !v.isNumber()) {
      return null;
    }
    BigDecimal value = v.decimalValue();
    if (s.has("minimum") && value.compareTo(s.get("minimum").decimalValue()) < 0) {
      return "must be at least " + number(s.get("minimum")) + ", got " + describe(v);
    }
    if (s.has("maximum") && value.compareTo(s.get("maximum").decimalValue()) > 0) {
      return "must be at most " + number(s.get("maximum")) + ", got " + describe(v);
    }
    return null;
  }

  /** The schema of the value at a field below this schema node (a property, a map value or a list item). */
  static JsonNode child(JsonNode s, String field, int index) {
    if (s == null) {
      return null;
    }
    if (index >= 0) {
      return s.get("items");
    }
    if (s.path("properties").has(field)) {
      return s.path("properties").get(field);
    }
    JsonNode additional = s.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  private void text(JsonNode s, JsonNode v, String path) {
    if (!full) {
      return;
    }
    String text = v.asText();
    int length = text.codePointCount(0, text.length());
    if (s.has("maxLength") && length > s.get("maxLength").asLong()) {
      fail(path, "must be at most " + s.get("maxLength").asLong() + " characters long, got " + length);
    } else if (s.has("minLength") && length < s.get("minLength").asLong()) {
      fail(path, "must be at least " + s.get("minLength").asLong() + " characters long, got " + describe(v));
    } else if (s.has("pattern") && !pattern(s.get("pattern").asText()).matcher(text).find()) {
      fail(path, "must match " + s.get("pattern").asText() + ", got " + describe(v));
    }
  }

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private static Pattern pattern(String regex) {
    return PATTERNS.computeIfAbsent(regex, Pattern::compile);
  }

  private void array(JsonNode s, JsonNode v, String path) {
    if (full && s.has("maxItems") && v.size() > s.get("maxItems").asLong()) {
      fail(path, "must have at most " + s.get("maxItems").asLong() + " items, got " + v.size());
      return; // do not walk a million items
    }
    if (full && s.has("minItems") && v.size() < s.get("minItems").asLong()) {
      fail(path, "must have at least " + s.get("minItems").asLong() + " item(s), got " + v.size());
    }
    JsonNode items = s.get("items");
    if (items != null) {
      for (int i = 0; i < v.size(); i++) {
        check(items, v.get(i), path + "[" + i + "]");
      }
    }
  }

  private void object(JsonNode s, JsonNode v, String path) {
    if (full && s.has("maxProperties") && v.size() > s.get("maxProperties").asLong()) {
      fail(path, "must have at most " + s.get("maxProperties").asLong() + " entries, got " + v.size());
      return;
    }
    if (full) {
      for (JsonNode r : s.path("required")) {
        if (v.path(r.asText()).isMissingNode() || v.path(r.asText()).isNull()) {
          fail(path + "." + r.asText(), "is required");
        }
      }
    }
    JsonNode properties = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    boolean open = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String child = path + "." + key(e.getKey());
      if (properties.has(e.getKey())) {
        check(properties.get(e.getKey()), e.getValue(), child);
      } else if (additional != null && additional.isObject()) {
        check(additional, e.getValue(), child);
      } else if (!open) {
        fail(child, unknownField(e.getKey(), properties));
      }
    }
  }

  private static String unknownField(String name, JsonNode properties) {
    StringBuilder m = new StringBuilder("unknown field");
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      String known = it.next();
      int d = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
      if (d < best) {
        best = d;
        nearest = known;
      }
    }
    if (nearest != null && best <= Math.max(2, nearest.length() / 3)) {
      m.append(" (did you mean ").append(nearest).append("?)");
    } else if (properties.size() > 0 && properties.size() <= 12) {
      List<String> known = new ArrayList<>();
      properties.fieldNames().forEachRemaining(known::add);
      m.append("; this object takes ").append(String.join(", ", known));
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.contains("password") || lower.contains("secret") || lower.contains("token")
        || lower.contains("accesskey")) {
      m.append("; credentials are never written into a run: name a Secret instead");
    }
    return m.toString();
  }

  /** Levenshtein distance, for "did you mean"; names are short. */
  private static int distance(String a, String b) {
    if (a.length() > 64 || b.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static boolean typeMatches(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> true;
    };
  }

  private static String article(String type) {
    return switch (type) {
      case "object" -> "an object";
      case "array" -> "a list";
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      default -> "a " + type;
    };
  }

  /** What a value is, for a message: a string is quoted (at most a short prefix), a number shown, others named. */
  public static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "the string " + Humanize.quote(v.asText());
    }
    if (v.isNumber()) {
      String n = v.asText();
      return n.length() <= Humanize.QUOTE_LIMIT ? n : "a number of " + n.length() + " digits";
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "an object";
    }
    return v.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static String number(JsonNode n) {
    BigDecimal d = n.decimalValue().stripTrailingZeros();
    return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
  }

  /** A map key as it appears in a path: at most a short prefix of a huge key. */
  static String key(String key) {
    return key.length() <= MAX_KEY_IN_PATH ? key : key.substring(0, MAX_KEY_IN_PATH) + "...";
  }
}
