package dev.regatta.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.testing.TestRuns;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD schema and the Java types agree exactly. Walking both side by side: every property exists on
 * both sides with the same type and enum values, and every value is bounded (integers and numbers by a minimum
 * and a maximum that the Java type holds, strings by maxLength or an enum, lists by maxItems, maps by
 * maxProperties). Then, for every value position of the schema, the Java side (reading a run as the operator
 * does, then SpecValidator) refuses what the schema refuses, naming the same field: a wrong JSON type, a value
 * outside an enum, a number beyond its bounds, a string too long or not matching its pattern, a list or map
 * too large, an unknown field; and it takes the schema's extreme numbers without complaint.
 */
class SchemaAgreementTest {
  private static final JSONSchemaProps SPEC = committedSpecSchema();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static JSONSchemaProps committedSpecSchema() {
    CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(
        CrdGeneration.read(RepoPaths.deployedCrd()), CustomResourceDefinition.class);
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  private static List<TypeSchemaWalk.Node> nodes() {
    List<TypeSchemaWalk.Node> nodes = new ArrayList<>();
    TypeSchemaWalk.walk(BenchmarkRunSpec.class, SPEC, "spec", nodes::add);
    return nodes;
  }

  // ---- the schema and the types, side by side ------------------------------------------------------------

  @Test
  void everyPropertyIsOnBothSidesWithTheSameTypeAndEveryValueIsBounded() {
    List<String> problems = new ArrayList<>();
    TypeSchemaWalk.walk(BenchmarkRunSpec.class, SPEC, "spec", new TypeSchemaWalk.Visitor() {
      @Override
      public void node(TypeSchemaWalk.Node n) {
        String p = n.path() + ": ";
        JSONSchemaProps s = n.schema();
        Class<?> c = n.type().getRawClass();
        if (n.isIntOrString()) {
          if (c != IntOrString.class && c != Quantity.class) {
            problems.add(p + "int-or-string in the schema, " + c.getSimpleName() + " in Java");
          }
          double javaMax = c == IntOrString.class ? Integer.MAX_VALUE : SchemaBounds.MAX_QUANTITY;
          bounded(p, s, c == IntOrString.class ? Integer.MIN_VALUE : 0, javaMax, problems);
          if (s.getMaxLength() == null) {
            problems.add(p + "an int-or-string without maxLength for its string form");
          }
          return;
        }
        String type = s.getType() == null ? "" : s.getType();
        switch (type) {
          case "integer" -> {
            if (c == Integer.class || c == int.class) {
              bounded(p, s, Integer.MIN_VALUE, Integer.MAX_VALUE, problems);
            } else if (c == Long.class || c == long.class) {
              // A double maximum must stay below 2^63 exactly, or the schema would allow what a long cannot hold.
              bounded(p, s, -Math.pow(2, 63), Math.nextDown(Math.pow(2, 63)), problems);
            } else {
              problems.add(p + "integer in the schema, " + c.getSimpleName() + " in Java");
            }
          }
          case "number" -> {
            if (c != Double.class && c != double.class) {
              problems.add(p + "number in the schema, " + c.getSimpleName() + " in Java");
            }
            bounded(p, s, -Double.MAX_VALUE, Double.MAX_VALUE, problems);
          }
          case "boolean" -> {
            if (c != Boolean.class && c != boolean.class) {
              problems.add(p + "boolean in the schema, " + c.getSimpleName() + " in Java");
            }
          }
          case "string" -> {
            if (c.isEnum()) {
              TreeSet<String> java = new TreeSet<>();
              for (Object e : c.getEnumConstants()) {
                java.add(jsonName((Enum<?>) e));
              }
              TreeSet<String> schema = new TreeSet<>();
              if (s.getEnum() != null) {
                s.getEnum().forEach(e -> schema.add(e.asText()));
              }
              if (!java.equals(schema)) {
                problems.add(p + "enum " + schema + " in the schema, " + java + " in Java");
              }
            } else if (c != String.class) {
              problems.add(p + "string in the schema, " + c.getSimpleName() + " in Java");
            } else if (s.getMaxLength() == null) {
              problems.add(p + "a string without maxLength");
            }
          }
          case "array" -> {
            if (!n.type().isCollectionLikeType()) {
              problems.add(p + "array in the schema, " + c.getSimpleName() + " in Java");
            }
            if (s.getMaxItems() == null) {
              problems.add(p + "a list without maxItems");
            }
          }
          case "object" -> {
            if (n.type().isMapLikeType() && s.getMaxProperties() == null) {
              problems.add(p + "a map without maxProperties");
            }
            if (Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields())) {
              problems.add(p + "keeps unknown fields");
            }
            if (TypeSchemaWalk.isScalar(n.type())) {
              problems.add(p + "object in the schema, " + c.getSimpleName() + " in Java");
            }
          }
          default -> problems.add(p + "no type in the schema");
        }
      }

      @Override
      public void mismatch(String path, String problem) {
        problems.add(path + ": " + problem);
      }
    });
    assertEquals(List.of(), problems, "the CRD schema and the Java types disagree");
  }

  private static void bounded(String p, JSONSchemaProps s, double javaMin, double javaMax, List<String> problems) {
    if (s.getMinimum() == null || s.getMaximum() == null) {
      problems.add(p + "a number without minimum and maximum");
    } else if (s.getMinimum() < javaMin || s.getMaximum() > javaMax) {
      problems.add(p + "bounds [" + s.getMinimum() + ", " + s.getMaximum() + "] beyond what Java holds [" + javaMin
          + ", " + javaMax + "]");
    }
  }

  private static String jsonName(Enum<?> e) {
    try {
      JsonProperty p = e.getDeclaringClass().getField(e.name()).getAnnotation(JsonProperty.class);
      return p == null ? e.name() : p.value();
    } catch (NoSuchFieldException x) {
      throw new IllegalStateException(x);
    }
  }

  // ---- what the schema refuses, Java refuses, naming the field --------------------------------------------

  @Test
  void javaRefusesWhatTheSchemaRefusesNamingTheSameField() {
    List<String> missed = new ArrayList<>();
    int cases = 0;
    for (TypeSchemaWalk.Node n : nodes()) {
      JSONSchemaProps s = n.schema();
      String field = field(n.path());
      for (JsonNode bad : refusedValues(n)) {
        cases++;
        List<Violation> violations = javaVerdict(n.path(), bad);
        if (violations.stream().noneMatch(v -> v.field().equals(field))) {
          missed.add(field + " = " + abbreviate(bad) + " -> " + violations);
        }
      }
      if ("object".equals(s.getType()) && !n.type().isMapLikeType()) {
        cases++;
        ObjectNode withUnknown = JSON.objectNode().put("bogusField", 1);
        List<Violation> violations = javaVerdict(n.path(), withUnknown);
        if (violations.stream().noneMatch(v -> v.field().equals(field + ".bogusField"))) {
          missed.add(field + ".bogusField (unknown) -> " + violations);
        }
      }
    }
    assertTrue(cases > 500, "expected a case for every value position, got " + cases);
    assertEquals(List.of(), missed, "values the CRD refuses that Java does not refuse on the same field");
  }

  @Test
  void javaTakesTheSchemasExtremeNumbers() {
    List<String> refused = new ArrayList<>();
    for (TypeSchemaWalk.Node n : nodes()) {
      JSONSchemaProps s = n.schema();
      boolean numeric = n.isIntOrString() || "integer".equals(s.getType()) || "number".equals(s.getType());
      if (!numeric || s.getMaximum() == null) {
        continue;
      }
      String field = field(n.path());
      for (double extreme : new double[] {s.getMinimum(), s.getMaximum()}) {
        JsonNode value = "number".equals(s.getType()) ? JSON.numberNode(extreme)
            : number(java.math.BigDecimal.valueOf(extreme).toBigIntegerExact());
        List<Violation> violations = javaVerdict(n.path(), value);
        // Other rules may still name the field (a rate needs model: open); none may be about its bound or type.
        violations.stream().filter(v -> v.field().equals(field))
            .filter(v -> v.message().matches(".*(at most|at least|cannot be read|must be an? (integer|number)).*"))
            .forEach(v -> refused.add(field + " = " + value + " -> " + v));
      }
    }
    assertEquals(List.of(), refused, "numbers within the CRD's bounds that Java refuses");
  }

  /** Values the schema refuses at this position: wrong types, outside the enum, beyond bounds, too long, too many. */
  private static List<JsonNode> refusedValues(TypeSchemaWalk.Node n) {
    JSONSchemaProps s = n.schema();
    List<JsonNode> bad = new ArrayList<>();
    String type = n.isIntOrString() ? "int-or-string" : s.getType();
    switch (type) {
      case "int-or-string" -> {
        bad.add(JSON.arrayNode().add(1));
        bad.add(JSON.booleanNode(true));
        bad.add(JSON.numberNode(1.5));
        numberBounds(s, bad, true);
        bad.add(JSON.textNode("1".repeat(s.getMaxLength().intValue() + 1)));
        if (s.getPattern() != null) {
          bad.add(JSON.textNode(notMatching(s.getPattern())));
        }
      }
      case "integer" -> {
        bad.add(JSON.textNode("12"));
        bad.add(JSON.numberNode(1.5));
        bad.add(JSON.objectNode());
        numberBounds(s, bad, true);
      }
      case "number" -> {
        bad.add(JSON.textNode("0.5"));
        bad.add(JSON.booleanNode(false));
        numberBounds(s, bad, false);
      }
      case "boolean" -> {
        bad.add(JSON.textNode("yes"));
        bad.add(JSON.numberNode(1));
      }
      case "string" -> {
        bad.add(JSON.numberNode(5));
        bad.add(JSON.objectNode());
        bad.add(JSON.arrayNode().add("a"));
        if (s.getEnum() != null && !s.getEnum().isEmpty()) {
          bad.add(JSON.textNode("delete"));
        }
        if (s.getMaxLength() != null) {
          bad.add(JSON.textNode("a".repeat(s.getMaxLength().intValue() + 1)));
        }
        if (s.getPattern() != null) {
          bad.add(JSON.textNode(notMatching(s.getPattern())));
        }
      }
      case "array" -> {
        bad.add(JSON.objectNode().put("a", 1)); // a list written as a map
        bad.add(JSON.textNode("x"));
        ArrayNode many = JSON.arrayNode();
        for (int i = 0; i <= s.getMaxItems(); i++) {
          many.add(minimal(s.getItems().getSchema()));
        }
        bad.add(many);
      }
      case "object" -> {
        bad.add(JSON.arrayNode().add(JSON.objectNode()));
        bad.add(JSON.textNode("x"));
        if (s.getMaxProperties() != null) {
          ObjectNode many = JSON.objectNode();
          for (int i = 0; i <= s.getMaxProperties(); i++) {
            many.set("k" + i, minimal(s.getAdditionalProperties().getSchema()));
          }
          bad.add(many);
        }
      }
      default -> { }
    }
    return bad;
  }

  private static void numberBounds(JSONSchemaProps s, List<JsonNode> bad, boolean integral) {
    double step = integral ? 1 : Math.max(1e-6, Math.abs(s.getMinimum()) / 2);
    if (s.getMinimum() != null) {
      double below = integral ? s.getMinimum() - 1 : s.getMinimum() - step;
      bad.add(integral ? number(java.math.BigDecimal.valueOf(s.getMinimum()).toBigIntegerExact()
          .subtract(java.math.BigInteger.ONE)) : JSON.numberNode(below));
    }
    if (s.getMaximum() != null) {
      bad.add(integral ? number(java.math.BigDecimal.valueOf(s.getMaximum()).toBigIntegerExact()
          .add(java.math.BigInteger.ONE)) : JSON.numberNode(s.getMaximum() * 2));
    }
    // Far beyond what any Java type holds.
    bad.add(number(new java.math.BigInteger("99999999999999999999999")));
  }

  /** An integer as a JSON parser reads it (an int node when it fits, a long, else a big integer). */
  private static JsonNode number(java.math.BigInteger n) {
    try {
      return dev.regatta.api.RunFiles.yaml().readTree(n.toString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String notMatching(String regex) {
    Pattern p = Pattern.compile(regex);
    for (String candidate : new String[] {"", " x", "UPPER_CASE", "a\nb", "!", "x y", "-"}) {
      if (!p.matcher(candidate).find()) {
        return candidate;
      }
    }
    throw new IllegalStateException("no candidate breaks " + regex);
  }

  /** A small value a list item or map value can be, to count items rather than test them. */
  private static JsonNode minimal(JSONSchemaProps s) {
    if (Boolean.TRUE.equals(s.getXKubernetesIntOrString()) || "integer".equals(s.getType())) {
      return JSON.numberNode(1);
    }
    return switch (s.getType()) {
      case "string" -> JSON.textNode("a");
      case "object" -> JSON.objectNode();
      case "array" -> JSON.arrayNode();
      default -> JSON.numberNode(1);
    };
  }

  private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]");

  /** The violations Java reports for a run whose spec holds just this value at this position. */
  private static List<Violation> javaVerdict(String path, JsonNode value) {
    ObjectNode run = TestRuns.tree("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: agree}
        spec: {}
        """);
    List<String> segments = new ArrayList<>();
    Matcher m = SEGMENT.matcher(path.substring("spec".length()));
    while (m.find()) {
      segments.add(m.group(1) != null ? "." + (m.group(1).equals("<key>") ? "k1" : m.group(1)) : "[]");
    }
    JsonNode at = run.get("spec");
    for (int i = 0; i < segments.size(); i++) {
      boolean last = i == segments.size() - 1;
      JsonNode next = last ? value : segments.get(i + 1).equals("[]") ? JSON.arrayNode() : JSON.objectNode();
      if (segments.get(i).equals("[]")) {
        ((ArrayNode) at).add(next);
      } else {
        ((ObjectNode) at).set(segments.get(i).substring(1), next);
      }
      at = next;
    }
    if (segments.isEmpty()) {
      run.set("spec", value);
    }
    return SpecValidator.validate(TestRuns.toRun(run));
  }

  private static String field(String path) {
    return path.replace(".<key>", ".k1");
  }

  private static String abbreviate(JsonNode v) {
    String s = v.toString();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
