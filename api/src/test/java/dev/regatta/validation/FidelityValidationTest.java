package dev.regatta.validation;

import static dev.regatta.testing.TestRuns.toRun;
import static dev.regatta.testing.TestRuns.validTree;
import static dev.regatta.testing.TestRuns.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What issue 12's new fields refuse, each with the field named: labels that do not match their values, a pods
 * axis beyond the fleet, checks that cannot be evaluated, percentiles outside (0, 100).
 */
class FidelityValidationTest {
  private static final String WEB = "{name: web, http: {url: 'http://web.default.svc:8080/'}, ";

  private static List<Violation> validate(ObjectNode tree) {
    return SpecValidator.validate(toRun(tree));
  }

  private static void assertViolation(List<Violation> violations, String field, String fragment) {
    assertTrue(violations.stream().anyMatch(v -> v.field().equals(field) && v.message().contains(fragment)),
        "expected a violation on " + field + " containing '" + fragment + "', got " + violations);
  }

  @Test
  void iterationsWithADurationAreWhicheverComesFirstNotAnError() {
    ObjectNode run = with(validTree(), "/spec/defaults/iterations", "100000");
    with(run, "/spec/defaults/duration", "120m");
    assertEquals(List.of(), validate(run));
  }

  @Test
  void labelsNeedOneLabelPerValue() {
    ObjectNode run = with(validTree(), "/spec/scenarios/0", WEB + "matrix: {url: {values: "
        + "['http://a.default.svc/', 'http://b.default.svc/'], labels: [config-a]}}}");
    assertViolation(validate(run), "spec.scenarios[0].matrix.url.labels", "1 label(s) for 2 value(s)");
    with(run, "/spec/scenarios/0", WEB + "matrix: {url: {values: "
        + "['http://a.default.svc/', 'http://b.default.svc/'], labels: [same, same]}}}");
    assertViolation(validate(run), "spec.scenarios[0].matrix.url.labels[1]", "labels two values");
    with(run, "/spec/scenarios/0", WEB + "matrix: {url: {values: "
        + "['http://a.default.svc/', 'http://b.default.svc/'], labels: [config-a, config-b]}}}");
    assertEquals(List.of(), validate(run));
  }

  @Test
  void aValueListedTwiceIsRefusedRatherThanAddedUpIntoOneRow() {
    ObjectNode run = with(validTree(), "/spec/scenarios/0", WEB + "matrix: {url: {values: "
        + "['http://a.default.svc/', 'http://a.default.svc/']}}}");
    assertViolation(validate(run), "spec.scenarios[0].matrix.url.values", "listed twice");
  }

  @Test
  void aPodsAxisBeyondTheFleetIsRefusedNamingTheFleet() {
    // the valid run has 2 + 1 pods
    ObjectNode run = with(validTree(), "/spec/scenarios/0/matrix", "{pods: {values: [1, 2, 4]}}");
    assertViolation(validate(run), "spec.scenarios[0].matrix.pods", "4 is more pods than the run has (3");
    with(run, "/spec/scenarios/0/matrix", "{pods: {values: [1, 3]}}");
    assertEquals(List.of(), validate(run));
    with(run, "/spec/scenarios/0/matrix", "{pods: {values: [0]}}");
    assertViolation(validate(run), "spec.scenarios[0].matrix.pods", "1 or more");
    with(run, "/spec/scenarios/0/matrix", "{pods: {values: [two]}}");
    assertViolation(validate(run), "spec.scenarios[0].matrix.pods", "whole numbers");
  }

  @Test
  void aPodsAxisNeedsADurationForThePodsThatWait() {
    ObjectNode run = with(validTree(), "/spec/scenarios/0/matrix", "{pods: {values: [1, 2]}}");
    with(run, "/spec/scenarios/0/iterations", "1000");
    assertViolation(validate(run), "spec.scenarios[0].matrix.pods", "needs a duration");
    with(run, "/spec/scenarios/0/duration", "10s");
    assertEquals(List.of(), validate(run), "iterations with a duration: idle pods wait the duration");
  }

  @Test
  void checksThatCannotBeEvaluatedAreRefused() {
    ObjectNode run = with(validTree(), "/spec/scenarios/0",
        WEB.replace("}, ", ", expect: [{name: field, json: {path: 'a..b', equals: '1'}}]}}"));
    assertViolation(validate(run), "spec.scenarios[0].http.expect[0].json.path", "is not a field path");
    with(run, "/spec/scenarios/0", WEB.replace("}, ", ", expect: [{name: code, status: [99]}]}}"));
    assertViolation(validate(run), "spec.scenarios[0].http.expect[0].status[0]", "from 100 to 599");
    with(run, "/spec/scenarios/0", WEB.replace("}, ", ", expect: [{name: Bad Name, status: [200]}]}}"));
    assertViolation(validate(run), "spec.scenarios[0].http.expect[0].name", "check:NAME");
    with(run, "/spec/scenarios/0", WEB.replace("}, ", ", expect: [{name: none}]}}"));
    assertViolation(validate(run), "spec.scenarios[0].http.expect[0]", "exactly one of status, bodyContains or json");
    with(run, "/spec/scenarios/0", WEB.replace("}, ", ", expect: [{name: typo, staus: [200]}]}}"));
    assertViolation(validate(run), "spec.scenarios[0].http.expect[0].staus", "unknown field");
    with(run, "/spec/scenarios/0", WEB.replace("}, ", ", expect: [{name: ok, status: [200]}, "
        + "{name: body, bodyContains: predictions}, {name: label, json: {path: 'predictions[0].label', equals: cat}}]}}"));
    assertEquals(List.of(), validate(run));
  }

  @Test
  void percentilesAreAbove0AndBelow100() {
    assertViolation(validate(with(validTree(), "/spec/defaults/percentiles", "[50, 100]")),
        "spec.defaults.percentiles[1]", "below 100");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/percentiles", "[99.9, 99.90]")),
        "spec.scenarios[0].percentiles[1]", "listed twice");
    assertEquals(List.of(), validate(with(validTree(), "/spec/defaults/percentiles", "[50, 95, 99.99]")));
  }
}
