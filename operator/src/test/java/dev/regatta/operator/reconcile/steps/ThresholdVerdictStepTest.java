package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.message;
import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.collect.ResultsMerge;
import dev.regatta.operator.reconcile.failures.RunFailures;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.verdict.ThresholdVerdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The collect step judges spec.thresholds on the rows it merged and ends the run by the verdict: Failed with
 * ThresholdsFailed and a Warning naming the criterion and its value, or Succeeded with ThresholdsPassed.
 */
class ThresholdVerdictStepTest {
  private final CollectStep step = new CollectStep(new ResultsMerge(new OperatorMetrics(new SimpleMeterRegistry())));

  /** a (eu-west-1): two fast pods; b (us-east-1): one slow pod. */
  private static StepFixture measured(String name, String... thresholds) {
    String[] lines = new String[thresholds.length + 1];
    lines[0] = "thresholds:";
    for (int i = 0; i < thresholds.length; i++) {
      lines[i + 1] = "  - " + thresholds[i];
    }
    StepFixture f = new StepFixture(StepFixture.yaml(name, lines)).in(Phase.Collecting).at(Duration.ofSeconds(30));
    f.done("a", 0, 100, 120, 140, 160).done("a", 1, 200, 210, 220).done("b", 0, 9_000, 9_500, 10_000);
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    return f;
  }

  @Test
  void aLooseBoundPassesOnTheMergedRow() {
    RunContext ctx = measured("loose", "{expr: \"p99 < 50ms\"}", "{expr: \"errorRate < 1%\"}").context();
    step.step(ctx);
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Succeeded, s.getPhase(), s.getMessage());
    assertEquals("Passed 2/2", s.getVerdict());
    Condition c = s.condition(ThresholdVerdict.CONDITION);
    assertEquals("True", c.getStatus());
    assertEquals("Passed", c.getReason());
    ThresholdResult p99 = s.getThresholds().get(0);
    ResultRow row = s.getResults().get(0);
    assertEquals(row.getLatencyMicros().getP99().doubleValue(), p99.getObservedValue(),
        "the value judged is status.results' own p99");
    assertTrue(p99.getPassed());
    assertEquals(List.of(EventReason.Succeeded), reasons(ctx));
  }

  @Test
  void aTightBoundFailsTheRunNamingTheCriterionAndItsValue() {
    RunContext ctx = measured("tight", "{expr: \"p99 < 50ms\"}", "{expr: \"p99 < 1ms\"}").context();
    step.step(ctx);
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals("Failed 1/2", s.getVerdict());
    assertEquals(ThresholdVerdict.FAILED, s.condition(Conditions.COMPLETED).getReason());
    assertEquals("False", s.condition(ThresholdVerdict.CONDITION).getStatus());
    ThresholdResult tight = s.getThresholds().get(1);
    assertFalse(tight.getPassed());
    long p99 = s.getResults().get(0).getLatencyMicros().getP99();
    assertEquals((double) p99, tight.getObservedValue());
    String expected = "threshold(s) failed (1 of 2): p99 < 1ms: " + tight.getObserved() + " on get";
    assertEquals(expected, s.getMessage());
    assertEquals(List.of(EventReason.ThresholdsFailed), reasons(ctx));
    assertEquals(EventReason.Type.Warning, EventReason.ThresholdsFailed.type());
    assertEquals(expected, message(ctx, EventReason.ThresholdsFailed));
    assertEquals(1, s.getResults().size(), "the results stay: the run measured, it did not meet the bar");
    assertEquals(List.of("list result ConfigMaps"), ((RecordingCluster) ctx.cluster()).actions,
        "nothing is left to stop");
  }

  @Test
  void aRegionIsJudgedOnItsOwnPods() {
    RunContext ctx = measured("regions", "{expr: \"p99 < 1ms\", region: eu-west-1}",
        "{expr: \"p99 < 1ms\", region: us-east-1}").context();
    step.step(ctx);
    BenchmarkRunStatus s = ctx.status();
    assertEquals("Failed 1/2", s.getVerdict());
    assertTrue(s.getThresholds().get(0).getPassed());
    assertFalse(s.getThresholds().get(1).getPassed());
    assertEquals("get region=us-east-1", s.getThresholds().get(1).getRow());
    ResultRow.RegionRow us = s.getResults().get(0).getByRegion().stream()
        .filter(r -> r.getRegion().equals("us-east-1")).findFirst().orElseThrow();
    assertEquals(us.getLatencyMicros().getP99().doubleValue(), s.getThresholds().get(1).getObservedValue());
  }

  @Test
  void aRunThatFailedOtherwiseIsNotJudged() {
    StepFixture f = measured("broken", "{expr: \"p99 < 50ms\"}");
    RunContext failing = f.context();
    RunFailures.fail(failing, EventReason.DeadlineExceeded, "the run did not finish within its timeout 10m");
    f.run.setStatus(failing.status());
    f.status().setPhase(Phase.Collecting);
    RunContext ctx = f.context();
    step.step(ctx);
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals("DeadlineExceeded", s.condition(Conditions.COMPLETED).getReason());
    assertNull(s.getVerdict(), "neither a pass nor a fail would be true");
    assertNull(s.getThresholds());
    assertNull(s.condition(ThresholdVerdict.CONDITION));
  }

  @Test
  void aRunWithoutThresholdsHasNoVerdict() {
    StepFixture f = StepFixture.of("plain").in(Phase.Collecting).at(Duration.ofSeconds(30));
    f.done("a", 0, 100).done("a", 1, 100).done("b", 0, 100);
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals(Phase.Succeeded, ctx.status().getPhase());
    assertNull(ctx.status().getVerdict());
    assertNull(ctx.status().condition(ThresholdVerdict.CONDITION));
  }

  @Test
  void theVerdictIsTheSameWhenTheStepIsTakenAgainAfterACrash() {
    StepFixture f = measured("again", "{expr: \"p99 < 1ms\"}");
    RunContext first = f.context();
    step.step(first);
    RunContext second = f.context();
    step.step(second);
    assertEquals(RunContext.statusJson(first.status()), RunContext.statusJson(second.status()),
        "a repeated step (its status write lost) writes the same verdict");
  }
}
