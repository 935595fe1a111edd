package dev.regatta.operator.reconcile.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.collect.ResultsMerge;
import dev.regatta.operator.reconcile.failures.RunFailures;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.verdict.BaselineLookup;
import dev.regatta.operator.reconcile.verdict.ThresholdVerdict;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Thresholds relative to a baseline run, judged by the collect step on a hand-built cluster: the named run or the
 * latest Succeeded labelled one, rows paired by scenario, params and region; a baseline that is missing, not
 * finished, failed or without the row fails the criterion with the reason and the BaselineCompared condition.
 */
class BaselineVerdictStepTest {
  private final CollectStep step = new CollectStep(new ResultsMerge(new OperatorMetrics(new SimpleMeterRegistry())));

  /** The three pods' latencies, times {@code slower}: a (eu-west-1) two pods, b (us-east-1) one. */
  private static StepFixture measured(StepFixture f, long slower) {
    f.in(Phase.Collecting).at(Duration.ofSeconds(30));
    f.done("a", 0, 100 * slower, 120 * slower, 140 * slower).done("a", 1, 200 * slower, 210 * slower)
        .done("b", 0, 900 * slower, 950 * slower, 1_000 * slower);
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    return f;
  }

  /** A run that ended as the collect step ends it, labelled, completed at {@code completed}. */
  private BenchmarkRun finished(String name, long slower, String completed, String... labels) {
    StepFixture f = measured(StepFixture.of(name), slower);
    RunContext ctx = f.context();
    step.step(ctx);
    f.run.setStatus(ctx.status());
    f.status().setCompletionTime(completed);
    Map<String, String> l = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      l.put(labels[i], labels[i + 1]);
    }
    f.run.getMetadata().setLabels(l);
    return f.run;
  }

  /** Today's run with these thresholds and this baseline, measured {@code slower} times yesterday's latencies. */
  private static StepFixture today(String baseline, long slower, String... thresholds) {
    String[] lines = new String[thresholds.length + 2];
    lines[0] = "baseline: " + baseline;
    lines[1] = "thresholds:";
    for (int i = 0; i < thresholds.length; i++) {
      lines[i + 2] = "  - " + thresholds[i];
    }
    return measured(new StepFixture(StepFixture.yaml("today", lines)), slower);
  }

  private RunContext judge(StepFixture f, BenchmarkRun... apiRuns) {
    for (BenchmarkRun r : apiRuns) {
      f.cluster.apiRuns.put(r.getMetadata().getName(), r);
    }
    RunContext ctx = f.context();
    step.step(ctx);
    return ctx;
  }

  @Test
  void aRunNoSlowerThanItsBaselinePasses() {
    BenchmarkRun yesterday = finished("yesterday", 1, "2026-11-27T10:00:00Z");
    RunContext ctx = judge(today("{run: yesterday}", 1, "{expr: \"p99 < 1.10 × baseline\"}",
        "{expr: \"throughput > 0.95 * baseline\", region: \"*\"}"), yesterday);
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Succeeded, s.getPhase(), s.getMessage());
    assertEquals("Passed 2/2", s.getVerdict());
    ThresholdResult p99 = s.getThresholds().get(0);
    assertEquals("yesterday", p99.getBaseline());
    assertEquals(yesterday.getStatus().getResults().get(0).getLatencyMicros().getP99().doubleValue(),
        p99.getBaselineValue(), "the baseline run's own merged p99");
    assertEquals(s.getResults().get(0).getLatencyMicros().getP99().doubleValue(), p99.getObservedValue());
    assertEquals(2, s.getThresholds().get(1).getRows(), "each region against the same region of the baseline");
    Condition c = s.condition(BaselineLookup.CONDITION);
    assertEquals("True", c.getStatus());
    assertEquals("compared with run yesterday", c.getMessage());
  }

  @Test
  void aSlowerRunFailsItsBaselineRelativeBound() {
    BenchmarkRun yesterday = finished("yesterday", 1, "2026-11-27T10:00:00Z");
    RunContext ctx = judge(today("{run: yesterday}", 3, "{expr: \"p99 < 1.10 × baseline\"}"), yesterday);
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals(ThresholdVerdict.FAILED, s.condition(Conditions.COMPLETED).getReason());
    ThresholdResult p99 = s.getThresholds().get(0);
    assertFalse(p99.getPassed());
    double base = yesterday.getStatus().getResults().get(0).getLatencyMicros().getP99();
    assertEquals(base * 1.1, p99.getBoundValue(), 1e-6);
    assertTrue(p99.getObservedValue() > p99.getBoundValue());
    assertTrue(s.getMessage().startsWith("threshold(s) failed (1 of 1): p99 < 1.10 × baseline: " + p99.getObserved()
        + " on get (bound " + p99.getBound() + " from baseline yesterday)"), s.getMessage());
    assertEquals("True", s.condition(BaselineLookup.CONDITION).getStatus(), "the comparison was made");
    assertEquals(List.of(EventReason.ThresholdsFailed), StepFixture.reasons(ctx));
  }

  @Test
  void aSelectorPicksTheLatestSucceededLabelledRunButNotItself() {
    BenchmarkRun older = finished("night-1", 3, "2026-11-26T10:00:00Z", "suite", "nightly");
    BenchmarkRun newer = finished("night-2", 1, "2026-11-27T10:00:00Z", "suite", "nightly");
    BenchmarkRun unlabelled = finished("other", 3, "2026-11-27T23:00:00Z");
    BenchmarkRun running = finished("night-3", 3, null, "suite", "nightly");
    running.getStatus().setPhase(Phase.Running);
    // the API's copy of the run being judged, as a retried step may find it: newest, Succeeded, labelled
    BenchmarkRun self = finished("today", 3, "2026-11-28T09:00:00Z", "suite", "nightly");
    StepFixture f = today("{selector: {suite: nightly}}", 2, "{expr: \"p99 < 1.10 × baseline\"}");
    f.run.getMetadata().setLabels(Map.of("suite", "nightly"));
    RunContext ctx = judge(f, older, newer, unlabelled, running, self);
    BenchmarkRunStatus s = ctx.status();
    assertEquals("night-2", s.getThresholds().get(0).getBaseline(), "the night before, not the older, the "
        + "unfinished, the unlabelled nor itself");
    assertEquals(Phase.Failed, s.getPhase(), "twice as slow as the night before (older was slower still)");
    assertTrue(((RecordingCluster) ctx.cluster()).actions.contains("list runs {suite=nightly}"));
  }

  @Test
  void aMissingBaselineIsAFailedCriterionAndACondition() {
    RunContext ctx = judge(today("{run: nope}", 1, "{expr: \"p99 < 1.10 × baseline\"}", "{expr: \"p99 < 1s\"}"));
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Failed, s.getPhase(), "never a silent pass");
    assertEquals("Failed 1/2", s.getVerdict());
    assertEquals("no baseline: run nope not found in namespace team", s.getThresholds().get(0).getReason());
    Condition c = s.condition(BaselineLookup.CONDITION);
    assertEquals("False", c.getStatus());
    assertEquals(BaselineLookup.NOT_FOUND, c.getReason());
    assertTrue(s.getMessage().contains("p99 < 1.10 × baseline: no baseline: run nope not found"), s.getMessage());
  }

  @Test
  void aBaselineThatHasNotFinishedOrFailedIsNotCompared() {
    BenchmarkRun running = finished("yesterday", 1, null);
    running.getStatus().setPhase(Phase.Running);
    BenchmarkRunStatus s = judge(today("{run: yesterday}", 1, "{expr: \"p99 < 1.10 × baseline\"}"), running).status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals(BaselineLookup.NOT_FINISHED, s.condition(BaselineLookup.CONDITION).getReason());
    assertEquals("no baseline: run yesterday is Running: it has not finished", s.getThresholds().get(0).getReason());

    StepFixture broken = measured(StepFixture.of("broken"), 1);
    RunContext failing = broken.context();
    RunFailures.fail(failing, EventReason.DeadlineExceeded, "the run did not finish within its timeout 10m");
    failing.status().setPhase(Phase.Failed);
    broken.run.setStatus(failing.status());
    BenchmarkRunStatus s2 = judge(today("{run: broken}", 1, "{expr: \"p99 < 1.10 × baseline\"}"), broken.run)
        .status();
    assertEquals(BaselineLookup.FAILED, s2.condition(BaselineLookup.CONDITION).getReason());
    assertTrue(s2.getThresholds().get(0).getReason().startsWith("no baseline: run broken failed (DeadlineExceeded)"),
        s2.getThresholds().get(0).getReason());

    BenchmarkRun missed = finished("missed", 1, "2026-11-27T10:00:00Z");
    missed.getStatus().setPhase(Phase.Failed);
    Conditions.set(missed.getStatus(), Conditions.COMPLETED, false, ThresholdVerdict.FAILED, "p99 < 1us", 1L,
        StepFixture.T0);
    assertEquals(Phase.Succeeded, judge(today("{run: missed}", 1, "{expr: \"p99 < 1.10 × baseline\"}"), missed)
        .status().getPhase(), "a named run that only missed its own thresholds measured cleanly");
  }

  @Test
  void aBaselineWithoutTheRowFailsNamingTheRow() {
    BenchmarkRun other = finished("yesterday", 1, "2026-11-27T10:00:00Z");
    other.getStatus().getResults().forEach(r -> r.setScenario("put"));
    BenchmarkRunStatus s = judge(today("{run: yesterday}", 1, "{expr: \"p99 < 1.10 × baseline\"}"), other).status();
    assertEquals(Phase.Failed, s.getPhase());
    Condition c = s.condition(BaselineLookup.CONDITION);
    assertEquals(BaselineLookup.ROW_MISSING, c.getReason());
    assertEquals("get has no row in baseline run yesterday (scenario, params and region must match): p99 cannot be "
        + "compared", c.getMessage());
  }

  @Test
  void aSelectorWithoutASucceededRunIsNotFound() {
    BenchmarkRunStatus s = judge(today("{selector: {suite: nightly}}", 1, "{expr: \"p99 < 1.10 × baseline\"}"))
        .status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals(BaselineLookup.NOT_FOUND, s.condition(BaselineLookup.CONDITION).getReason());
    assertEquals("no baseline: no Succeeded run in namespace team is labelled {suite=nightly}",
        s.getThresholds().get(0).getReason());
  }
}
