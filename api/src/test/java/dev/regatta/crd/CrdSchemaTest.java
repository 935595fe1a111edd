package dev.regatta.crd;

import static dev.regatta.testing.TestRuns.validTree;
import static dev.regatta.testing.TestRuns.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CRD's schema and CEL rules accept a valid run and reject each invalid one naming the field. */
class CrdSchemaTest {
  private static final CrdSchema SCHEMA = CrdSchema.of(RepoPaths.deployedCrd());

  @Test
  void acceptsAValidRun() {
    assertEquals(List.of(), SCHEMA.validateCreate(validTree()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.regatta.crd.InvalidRuns#doneWhenCases")
  void rejectsNamingTheField(String label, ObjectNode run, String field, String message, String javaField) {
    List<String> errors = SCHEMA.validateCreate(run);
    assertTrue(errors.stream().anyMatch(e -> e.startsWith(field + ": ") && e.contains(message)),
        label + ": expected an error on " + field + " containing '" + message + "', got " + errors);
  }

  @Test
  void rejectsUnknownFieldsSoTyposAreReported() {
    List<String> errors = SCHEMA.validateCreate(with(validTree(), "/spec/scenarios/0/redis/valueSise", "100"));
    assertEquals(List.of("spec.scenarios[0].redis.valueSise: unknown field \"valueSise\""), errors);
  }

  @Test
  void namesAreBoundedForTheCelCostEstimate() {
    List<String> errors = SCHEMA.validateCreate(with(validTree(), "/spec/scenarios/0/name", "'" + "s".repeat(64) + "'"));
    assertTrue(errors.contains("spec.scenarios[0].name: Too long: may not be longer than 63"), errors.toString());
    JsonNode scenarios = SCHEMA_NODE.at("/properties/spec/properties/scenarios");
    assertEquals(63, scenarios.at("/items/properties/name/maxLength").asInt());
    assertEquals(16, scenarios.at("/items/properties/matrix/maxProperties").asInt());
    assertEquals(30, SCHEMA_NODE.at("/properties/spec/properties/placements/items/properties/name/maxLength").asInt());
  }

  @Test
  void rejectsAValueOutsideAnEnum() {
    List<String> errors = SCHEMA.validateCreate(with(validTree(), "/spec/scenarios/0/redis/op", "scan"));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("spec.scenarios[0].redis.op: Unsupported value: \"scan\""), errors.get(0));
  }

  @Test
  void rejectsAWrongType() {
    List<String> errors = SCHEMA.validateCreate(with(validTree(), "/spec/placements/0/pods", "'many'"));
    assertEquals("spec.placements[0].pods: Invalid value: \"string\": must be of type integer", errors.get(0));
  }

  @Test
  void requiredFieldsAreNamed() {
    ObjectNode run = validTree();
    ((ObjectNode) run.get("spec")).remove("scenarios");
    assertEquals("spec.scenarios: Required value", SCHEMA.validateCreate(run).get(0));
  }

  @Test
  void intOrStringAndEmbeddedKubernetesTypesAreAccepted() {
    ObjectNode run = with(validTree(), "/spec/runner", """
        {resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: 2}},
         env: [{name: JAVA_TOOL_OPTIONS, value: '-XX:+UseZGC'}],
         tolerations: [{key: dedicated, operator: Equal, value: bench, effect: NoSchedule}],
         securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}}""");
    with(run, "/spec/scenarios/0/redis/valueSize", "4Ki");
    assertEquals(List.of(), SCHEMA.validateCreate(run));
  }

  @Test
  void defaultsAreAppliedBeforeRulesRun() {
    // broker defaults to redis, so the kafka rule must not fire, and reading self.broker must not fail.
    ObjectNode run = with(validTree(), "/spec/scenarios/0", "{name: s, stream: {mode: proxy}}");
    assertEquals(List.of(), SCHEMA.validateCreate(run));
  }

  @Test
  void transitionRulesAreSkippedOnCreate() {
    JsonNode spec = SCHEMA_NODE.at("/properties/spec/x-kubernetes-validations");
    List<String> rules = new ArrayList<>();
    spec.forEach(r -> rules.add(r.get("rule").asText()));
    assertTrue(rules.contains("self == oldSelf"), "the spec is immutable: " + rules);
    assertEquals(List.of(), SCHEMA.validateCreate(validTree()));
  }

  @Test
  void everyCelRuleInTheCrdCompiles() {
    CelRules cel = new CelRules();
    List<String> rules = new ArrayList<>();
    collectRules(SCHEMA_NODE, rules);
    assertTrue(rules.size() >= 10, "expected the CRD's CEL rules, found " + rules);
    rules.forEach(cel::compile);
  }

  private static final JsonNode SCHEMA_NODE = readSchema();

  private static JsonNode readSchema() {
    try {
      return RunFiles.yaml().readTree(CrdGeneration.read(RepoPaths.deployedCrd()))
          .at("/spec/versions/0/schema/openAPIV3Schema");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collectRules(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.path("x-kubernetes-validations").forEach(r -> out.add(r.get("rule").asText()));
      node.forEach(child -> collectRules(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collectRules(child, out));
    }
  }
}
