package dev.regatta.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random mutations of a BenchmarkRun's spec, steered by the CRD's schema so that each one is the kind of
 * mistake or attack a person makes: a value of another type, a number out of range, an unknown field (often a
 * typo of a real one), a deleted field, an enum value that does not exist, a hostile string, an abused list.
 * The same seed gives the same mutations.
 */
final class RunMutator {
  enum Kind { TYPE, RANGE, UNKNOWN_FIELD, DELETE, ENUM, STRING, LIST, NULL }

  /** One mutation: what was done, at which field path (spec.scenarios[0].redis.keySpace). */
  record Mutation(Kind kind, String path, String description) {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<JsonNode> NUMBERS = List.of(F.numberNode(-1), F.numberNode(0), F.numberNode(-2147483648L),
      F.numberNode(2147483648L), F.numberNode(3000000000L), F.numberNode(9007199254740993L),
      F.numberNode(Long.MAX_VALUE), F.numberNode(new BigInteger("9223372036854775808")),
      F.numberNode(new BigInteger("18446744073709551616")), F.numberNode(1e308), F.numberNode(3.5), F.numberNode(-0.5),
      F.textNode("16Ei"), F.textNode("-1Ki"), F.textNode("99999999999999999999"), F.textNode("1e3"), F.textNode("0"));
  private static final List<String> STRINGS = List.of("", " ", "UPPER-case", "a\r\nInjected: header", "x".repeat(100_000),
      "../../../etc/passwd", "${jndi:ldap://127.0.0.1/a}", "\u0000nul", "ümlaut-ß", "-5s", "1y", "http://u:p@h.svc/",
      "redis://:pw@cache.svc:6379", "'; DROP TABLE runs; --", "%s%s%s%n");
  private static final List<String> ENUM_VALUES = List.of("delete", "", "GET ", "Closed", "*", "null");
  private static final List<String> SUSPECT_FIELDS = List.of("accessKeyId", "secretAccessKey", "password", "privileged",
      "hostNetwork", "replicas", "warmpu", "durration", "x-extra");

  private final JsonNode rootSchema;
  private final Random random;

  RunMutator(JsonNode crd, long seed) {
    this.rootSchema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    this.random = new Random(seed);
  }

  /** A spot in the run: the node, its parent, how the parent holds it, its schema, and its field path. */
  private record Spot(JsonNode node, JsonNode parent, String field, int index, JsonNode schema, String path) {}

  /** Mutates run in place (only under spec) and says how; tries kinds until one applies. */
  Mutation mutate(ObjectNode run) {
    List<Spot> spots = new ArrayList<>();
    collect(run.get("spec"), run, "spec", -1, rootSchema.path("properties").path("spec"), "spec", spots);
    for (int attempt = 0; attempt < 50; attempt++) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      List<Spot> fit = spots.stream().filter(s -> applies(kind, s)).toList();
      if (!fit.isEmpty()) {
        return apply(kind, fit.get(random.nextInt(fit.size())));
      }
    }
    throw new IllegalStateException("no mutation applies to " + run);
  }

  private void collect(JsonNode node, JsonNode parent, String field, int index, JsonNode schema, String path,
      List<Spot> out) {
    out.add(new Spot(node, parent, field, index, schema, path));
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode s = childSchema(schema, e.getKey());
        boolean property = schema != null && schema.path("properties").has(e.getKey());
        collect(e.getValue(), node, e.getKey(), -1, s, property ? path + "." + e.getKey() : path + "[" + e.getKey() + "]",
            out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), node, null, i, schema == null ? null : schema.get("items"), path + "[" + i + "]", out);
      }
    }
  }

  private static JsonNode childSchema(JsonNode schema, String name) {
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

  private static boolean applies(Kind kind, Spot s) {
    boolean isRoot = s.parent() != null && s.path().equals("spec");
    return switch (kind) {
      case TYPE, NULL -> !isRoot;
      case RANGE -> s.node().isNumber() || (s.schema() != null && (s.schema().path("x-kubernetes-int-or-string")
          .asBoolean(false) || "integer".equals(s.schema().path("type").asText())
          || "number".equals(s.schema().path("type").asText())));
      case UNKNOWN_FIELD -> s.node().isObject();
      case DELETE -> s.parent() != null && s.parent().isObject() && !isRoot;
      case ENUM -> s.schema() != null && (s.schema().has("enum") || s.schema().path("pattern").asText().contains("|"));
      case STRING -> s.node().isTextual() || (s.schema() != null && "string".equals(s.schema().path("type").asText()));
      case LIST -> s.node().isArray();
    };
  }

  private Mutation apply(Kind kind, Spot s) {
    return switch (kind) {
      case TYPE -> {
        JsonNode v = otherType(s.node());
        replace(s, v);
        yield new Mutation(kind, s.path(), "value of another type: " + brief(v));
      }
      case NULL -> {
        replace(s, F.nullNode());
        yield new Mutation(kind, s.path(), "null");
      }
      case RANGE -> {
        JsonNode v = different(NUMBERS, s.node());
        replace(s, v);
        yield new Mutation(kind, s.path(), "out of range: " + brief(v));
      }
      case UNKNOWN_FIELD -> {
        String name = unknownName(s);
        ((ObjectNode) s.node()).put(name, random.nextBoolean() ? "x" : "1");
        yield new Mutation(kind, s.path() + "." + name, "unknown field " + name);
      }
      case DELETE -> {
        ((ObjectNode) s.parent()).remove(s.field());
        yield new Mutation(kind, s.path(), "deleted");
      }
      case ENUM -> {
        List<JsonNode> values = ENUM_VALUES.stream().map(v -> (JsonNode) F.textNode(v.equals("GET ") && s.node().isTextual()
            ? s.node().asText().toUpperCase() + " " : v)).toList();
        String value = different(values, s.node()).asText();
        replace(s, F.textNode(value));
        yield new Mutation(kind, s.path(), "enum value " + brief(F.textNode(value)));
      }
      case STRING -> {
        String v = different(STRINGS.stream().map(x -> (JsonNode) F.textNode(x)).toList(), s.node()).asText();
        replace(s, F.textNode(v));
        yield new Mutation(kind, s.path(), "string " + brief(F.textNode(v)));
      }
      case LIST -> {
        ArrayNode a = (ArrayNode) s.node();
        int how = random.nextInt(3);
        if (a.isEmpty()) {
          a.add("x");
          yield new Mutation(kind, s.path(), "a string added to an empty list");
        } else if (how == 0) {
          a.removeAll();
          yield new Mutation(kind, s.path(), "emptied");
        } else if (how == 1) {
          a.add(a.get(0).deepCopy());
          yield new Mutation(kind, s.path(), "first item duplicated");
        } else {
          JsonNode first = a.get(0);
          while (a.size() < 101) {
            a.add(first.deepCopy());
          }
          yield new Mutation(kind, s.path(), "grown to 101 items");
        }
      }
    };
  }

  /** A random choice that is not the current value, so that every mutation changes the run. */
  private JsonNode different(List<JsonNode> choices, JsonNode current) {
    List<JsonNode> others = choices.stream().filter(c -> !c.equals(current)).toList();
    return others.get(random.nextInt(others.size()));
  }

  private JsonNode otherType(JsonNode current) {
    List<JsonNode> candidates = new ArrayList<>(List.of(F.textNode("x"), F.numberNode(7), F.numberNode(2.5),
        F.booleanNode(true), F.arrayNode().add("a"), F.objectNode().put("a", 1)));
    candidates.removeIf(c -> c.getNodeType() == current.getNodeType()
        && (!c.isNumber() || c.isIntegralNumber() == current.isIntegralNumber()));
    return candidates.get(random.nextInt(candidates.size()));
  }

  /** A typo of a real field (two letters swapped, one dropped) or a field people wish were there. */
  private String unknownName(Spot s) {
    List<String> known = new ArrayList<>();
    s.node().fieldNames().forEachRemaining(known::add);
    if (s.schema() != null) {
      s.schema().path("properties").fieldNames().forEachRemaining(known::add);
    }
    if (!known.isEmpty() && random.nextBoolean()) {
      String k = known.get(random.nextInt(known.size()));
      if (k.length() > 3) {
        int i = 1 + random.nextInt(k.length() - 2);
        String typo = random.nextBoolean() ? k.substring(0, i) + k.charAt(i + 1) + k.charAt(i) + k.substring(i + 2)
            : k.substring(0, i) + k.substring(i + 1);
        if (!known.contains(typo)) {
          return typo;
        }
      }
    }
    return SUSPECT_FIELDS.get(random.nextInt(SUSPECT_FIELDS.size()));
  }

  private static void replace(Spot s, JsonNode value) {
    if (s.parent() instanceof ObjectNode o) {
      o.set(s.field(), value);
    } else if (s.parent() instanceof ArrayNode a) {
      a.set(s.index(), value);
    }
  }

  static String brief(JsonNode v) {
    String t = v.toString();
    return t.length() > 60 ? t.substring(0, 60) + "...(" + t.length() + " chars)" : t;
  }
}
