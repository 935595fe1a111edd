package dev.regatta.validation;

import static dev.regatta.testing.TestRuns.toRun;
import static dev.regatta.testing.TestRuns.validTree;
import static dev.regatta.testing.TestRuns.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.matrix.ScenarioPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The external workload's rules name the field; hostile strings are only ever argv, so they are accepted as such. */
class ExternalRulesTest {
  private static final String OK = "{name: tool, duration: 5s, external: {command: [python3, load.py], "
      + "args: ['--url', '{{url}}', '--repeat={{repeat}}', '$(rm -rf /); `id`'], env: {MODE: fast}, "
      + "results: {path: out.jsonl, format: jsonl}}, matrix: {url: {values: ['http://a/', 'http://b/']}}}";

  private static List<Violation> validate(String scenario) {
    ObjectNode tree = with(validTree(), "/spec/scenarios/0", scenario);
    return SpecValidator.validate(toRun(tree));
  }

  private static void assertViolation(String scenario, String field, String fragment) {
    List<Violation> v = validate(scenario);
    assertTrue(v.stream().anyMatch(x -> x.field().equals(field) && x.message().contains(fragment)),
        "expected a violation on " + field + " containing '" + fragment + "', got " + v);
  }

  @Test
  void aValidToolWithShellLookingArgumentsAndAFreeMatrixKeyIsAccepted() {
    assertEquals(List.of(), validate(OK));
    var spec = toRun(with(validTree(), "/spec/scenarios/0", OK)).getSpec();
    List<ScenarioPlan> plans = ScenarioPlan.of(spec.getScenarios().get(0), spec.getDefaults());
    assertEquals(2, plans.size());
    assertEquals(Map.of("url", "http://b/"), plans.get(1).params(), "a parameter no field takes goes to the tool");
  }

  @Test
  void eachMistakeNamesItsField() {
    assertViolation(OK.replace("command: [python3, load.py]", "command: []"), "spec.scenarios[0].external.command",
        "is required");
    assertViolation(OK.replace("command: [python3, load.py]", "command: ['', load.py]"),
        "spec.scenarios[0].external.command[0]", "is required");
    assertViolation(OK.replace("'{{url}}'", "'{{nope}}'"), "spec.scenarios[0].external.args[1]", "names no matrix parameter");
    assertViolation(OK.replace("MODE: fast", "REGATTA_REPEAT: '9'"), "spec.scenarios[0].external.env.REGATTA_REPEAT",
        "are the runner's");
    assertViolation(OK.replace("MODE: fast", "'BAD NAME': x"), "spec.scenarios[0].external.env.BAD NAME",
        "not an environment variable name");
    assertViolation(OK.replace("'--url'", "\"a\\0b\""), "spec.scenarios[0].external.args[0]", "NUL");
    assertViolation(OK.replace(", format: jsonl", ""), "spec.scenarios[0].external.results.format", "is required");
    assertViolation(OK.replace("duration: 5s", "iterations: 100"), "spec.scenarios[0].iterations", "duration");
    assertViolation(OK.replace("results: {path: out.jsonl, format: jsonl}", "results: {path: out.jsonl, format: jsonl}, "
        + "gracePeriod: '-1s'"), "spec.scenarios[0].external.gracePeriod", "negative");
  }

  @Test
  void secretEnvNamesASecretKeyPerVariableAndReachesTheRunnerAsTheRunsOtherSecretsDo() {
    String ok = OK.replace("env: {MODE: fast}", "env: {MODE: fast}, secretEnv: {AWS_ACCESS_KEY_ID: {name: store, key: id}}");
    assertEquals(List.of(), validate(ok));
    var spec = toRun(with(validTree(), "/spec/scenarios/0", ok)).getSpec();
    assertTrue(dev.regatta.protocol.SecretRefs.of(spec).contains(new dev.regatta.protocol.SecretRefs.Ref("store", "id")),
        "the operator hands the key to the runner: " + dev.regatta.protocol.SecretRefs.of(spec));

    String f = "spec.scenarios[0].external.secretEnv.";
    assertViolation(ok.replace("{name: store, key: id}", "{name: store}"), f + "AWS_ACCESS_KEY_ID.key", "is required");
    assertViolation(ok.replace("{name: store, key: id}", "{key: id}"), f + "AWS_ACCESS_KEY_ID.name", "is required");
    assertViolation(ok.replace("AWS_ACCESS_KEY_ID:", "REGATTA_RESULTS:"), f + "REGATTA_RESULTS", "are the runner's");
    assertViolation(ok.replace("AWS_ACCESS_KEY_ID:", "'1X':"), f + "1X", "not an environment variable name");
    assertViolation(ok.replace("AWS_ACCESS_KEY_ID:", "MODE:"), f + "MODE", "also set in env");
  }
}
