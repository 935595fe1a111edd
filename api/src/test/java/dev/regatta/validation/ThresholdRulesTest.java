package dev.regatta.validation;

import static dev.regatta.testing.TestRuns.toRun;
import static dev.regatta.testing.TestRuns.validTree;
import static dev.regatta.testing.TestRuns.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.thresholds refused when applied, naming the field: a typo is not found out when the results are in. */
class ThresholdRulesTest {
  private static List<Violation> validate(String thresholds) {
    return SpecValidator.validate(toRun(with(validTree(), "/spec/thresholds", thresholds)));
  }

  private static void assertViolation(List<Violation> violations, String field, String fragment) {
    assertTrue(violations.stream().anyMatch(v -> v.field().equals(field) && v.message().contains(fragment)),
        "expected a violation on " + field + " containing '" + fragment + "', got " + violations);
  }

  @Test
  void acceptsCriteriaThatCanMatchARow() {
    assertEquals(List.of(), validate("""
        [{expr: "p99 < 5ms"},
         {expr: "errorRate < 0.1%", scenario: get},
         {expr: "mbps > 100", scenario: blob, params: {bufferSize: "8192"}},
         {expr: "throughput > 20k/s", region: eu-west-1},
         {expr: "p(95) < 2ms", region: "*"}]"""));
  }

  @Test
  void eachWrongPartIsNamed() {
    List<Violation> v = validate("""
        [{expr: "p99 < 5ms"},
         {expr: "p99 < 5ms"},
         {expr: "p98 < 5ms"},
         {expr: "p99 < 5ms", scenario: gett},
         {expr: "p99 < 5ms", scenario: blob, params: {bufferSize: "1000"}},
         {expr: "p99 < 5ms", params: {valueSize: "64"}},
         {expr: "p99 < 5ms", region: eu-west-2},
         {expr: "errorRate < 5"}]""");
    assertViolation(v, "spec.thresholds[2].expr", "unknown figure 'p98'");
    assertViolation(v, "spec.thresholds[3].scenario", "no scenario is named 'gett'; the run's scenarios: [get, blob]");
    assertViolation(v, "spec.thresholds[4].params", "matches no point of scenario 'blob''s matrix, e.g. '{bufferSize=4096}'");
    assertViolation(v, "spec.thresholds[5].params", "matches no point of any scenario's matrix");
    assertViolation(v, "spec.thresholds[6].region", "no placement runs in region 'eu-west-2'; the run's regions: "
        + "[eu-west-1, us-east-1] (or '*' for each)");
    assertViolation(v, "spec.thresholds[7].expr", "did you mean 5%?");
    assertEquals(6, v.size(), v.toString());
  }

  @Test
  void abortOnFailIsAcceptedOnWhatTheLiveFiguresHold() {
    assertEquals(List.of(), validate("""
        [{expr: "p99 < 5ms", abortOnFail: true},
         {expr: "errorRate < 1%", abortOnFail: true, delayAbortEval: 4s, scenario: get},
         {expr: "throughput > 20k/s", abortOnFail: true, delayAbortEval: 4.9s, scenario: blob,
          params: {bufferSize: "8192"}},
         {expr: "p99 < 5ms", abortOnFail: false}]"""));
  }

  @Test
  void aDelayAbortEvalNoPointOutlastsIsRefused() {
    // every point of the test run measures one 5s window
    List<Violation> v = validate("""
        [{expr: "p99 < 5ms", abortOnFail: true, delayAbortEval: 5s},
         {expr: "p99 < 5ms", abortOnFail: true, delayAbortEval: 2h, scenario: get},
         {expr: "p99 < 5ms", abortOnFail: true, delayAbortEval: 4.999s}]""");
    assertViolation(v, "spec.thresholds[0].delayAbortEval", "5s is not shorter than what any point it selects "
        + "measures (at most 5s: window × repeats): the criterion could never abort");
    assertViolation(v, "spec.thresholds[1].delayAbortEval", "2h is not shorter than");
    assertEquals(2, v.size(), v.toString());
    // repeats multiply the time a point measures
    List<Violation> repeated = SpecValidator.validate(toRun(with(with(validTree(), "/spec/defaults/repeats", "3"),
        "/spec/thresholds", "[{expr: \"p99 < 5ms\", abortOnFail: true, delayAbortEval: 14s}]")));
    assertEquals(List.of(), repeated);
  }

  @Test
  void whatCannotAbortLiveIsRefusedNamingTheField() {
    List<Violation> v = validate("""
        [{expr: "p99 < 1.1 × baseline", abortOnFail: true},
         {expr: "check(ok) > 99%", abortOnFail: true},
         {expr: "p99 < 5ms", abortOnFail: true, region: "*"},
         {expr: "p99 < 5ms", delayAbortEval: 1s},
         {expr: "p99 < 5ms", abortOnFail: true, delayAbortEval: "1s; rm -rf /"},
         {expr: "p99 < 5ms", abortOnFail: true, delayAbortEval: "-1s"}]""");
    assertViolation(v, "spec.thresholds[0].abortOnFail", "'p99 < 1.1 × baseline' cannot abort live: a bound "
        + "relative to a baseline is compared when the results are in");
    assertViolation(v, "spec.thresholds[1].abortOnFail", "cannot abort live: the live intervals carry no check counts");
    assertViolation(v, "spec.thresholds[2].abortOnFail", "cannot abort on region '*'");
    assertViolation(v, "spec.thresholds[3].delayAbortEval", "goes only with abortOnFail: true");
    assertViolation(v, "spec.thresholds[4].delayAbortEval", "is not a duration");
    assertViolation(v, "spec.thresholds[5].delayAbortEval", "is not a duration");
  }

  @Test
  void anExpressionIsRequiredAndBounded() {
    assertViolation(validate("[{scenario: get}]"), "spec.thresholds[0].expr", "is empty");
    assertViolation(validate("[{expr: \"" + "p99 < 5ms".repeat(10) + "\"}]"), "spec.thresholds[0].expr",
        "longer than 64");
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ",").append("{expr: \"p99 < 5ms\"}");
    }
    assertViolation(validate(many + "]"), "spec.thresholds", "at most 50");
  }

  @Test
  void aRunWithoutPinnedRegionsHasTheUnpinnedOne() {
    List<Violation> v = SpecValidator.validate(toRun(with(with(with(validTree(), "/spec/placements/0/region", "\"\""),
        "/spec/placements/1/region", "\"\""), "/spec/thresholds", "[{expr: \"p99 < 5ms\", region: unpinned}]")));
    assertTrue(v.stream().noneMatch(x -> x.field().startsWith("spec.thresholds")), v.toString());
  }

  /** The valid run with an HTTP scenario "api" whose checks are status-ok and has-id. */
  private static List<Violation> withHttp(String thresholds) {
    var tree = validTree();
    ((com.fasterxml.jackson.databind.node.ArrayNode) tree.at("/spec/scenarios")).add(dev.regatta.testing.TestRuns.yaml("""
        {name: api, http: {url: "http://127.0.0.1:8080/", expect: [{name: status-ok, status: [200]},
          {name: has-id, bodyContains: "id"}]}}"""));
    return SpecValidator.validate(toRun(with(tree, "/spec/thresholds", thresholds)));
  }

  @Test
  void checkCriteriaNameChecksTheSelectedScenariosHave() {
    assertEquals(List.of(), withHttp("""
        [{expr: "checks > 99%", scenario: api},
         {expr: "check(status-ok) > 99.9%", scenario: api},
         {expr: "check(has-id) >= 0.99", scenario: api}]"""));
    List<Violation> v = withHttp("""
        [{expr: "check(status-okk) > 99%", scenario: api},
         {expr: "checks > 99%"},
         {expr: "checks > 99%", scenario: get},
         {expr: "checks > 99%", scenario: api, region: eu-west-1},
         {expr: "check(Bad Name) > 99%", scenario: api}]""");
    assertViolation(v, "spec.thresholds[0].expr", "scenario 'api' has no check named 'status-okk'; its checks: "
        + "[status-ok, has-id]");
    assertViolation(v, "spec.thresholds[1].expr", "checks: scenario 'get' has no checks (http.expect); select a "
        + "scenario that has them with scenario: NAME");
    assertViolation(v, "spec.thresholds[2].expr", "checks: scenario 'get' has no checks (http.expect)");
    assertViolation(v, "spec.thresholds[3].region", "checks is judged on the fleet's rows only");
    assertViolation(v, "spec.thresholds[4].expr", "is not '<figure> <op> <value>'");
    assertEquals(6, v.size(), "thresholds[1] names get and blob: " + v);
  }

  private static List<Violation> withBaseline(String baseline, String thresholds) {
    var tree = with(validTree(), "/spec/thresholds", thresholds);
    if (baseline != null) {
      tree = with(tree, "/spec/baseline", baseline);
    }
    return SpecValidator.validate(toRun(tree));
  }

  @Test
  void aRelativeBoundNeedsABaselineInThisNamespace() {
    String relative = "[{expr: \"p99 < 1.10 × baseline\"}, {expr: \"throughput > 0.95 * baseline\", region: \"*\"}]";
    assertEquals(List.of(), withBaseline("{run: nightly-41}", relative));
    assertEquals(List.of(), withBaseline("{selector: {suite: nightly, regatta.dev/team: perf}}", relative));
    assertViolation(withBaseline(null, relative), "spec.thresholds[0].expr",
        "'p99 < 1.10 × baseline' is relative to a baseline: name one in spec.baseline");
    assertViolation(withBaseline("{run: other-ns/nightly-41}", relative), "spec.baseline.run",
        "'other-ns/nightly-41': a baseline run is in this run's namespace, write its name only (a name cannot "
            + "name a namespace)");
    assertViolation(withBaseline("{run: small}", relative), "spec.baseline.run", "a run cannot be its own baseline");
    assertViolation(withBaseline("{run: Nightly_41}", relative), "spec.baseline.run", "is not a run name");
    assertViolation(withBaseline("{run: a, selector: {suite: x}}", relative), "spec.baseline", "exactly one");
    assertViolation(withBaseline("{}", relative), "spec.baseline", "exactly one");
    assertViolation(withBaseline("{selector: {}}", relative), "spec.baseline.selector", "at least one label");
    assertViolation(withBaseline("{selector: {\"bad key!\": x}}", relative), "spec.baseline.selector.bad key!",
        "is not a label key");
  }
}
