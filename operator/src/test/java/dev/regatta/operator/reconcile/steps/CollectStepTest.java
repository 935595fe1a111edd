package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.collect.ResultsMerge;
import dev.regatta.operator.reconcile.failures.RunFailures;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Collecting: the exact merge into status, and an outcome that never makes a failure look like success. */
class CollectStepTest {
  private final OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
  private final CollectStep step = new CollectStep(new ResultsMerge(metrics));

  private static StepFixture collecting(String name) {
    return StepFixture.of(name).in(Phase.Collecting).at(Duration.ofSeconds(30));
  }

  @Test
  void everyResultIsMergedExactlyAndTheRunSucceeds() {
    StepFixture f = collecting("ok");
    long[] a0 = {100, 120, 140, 9_000};
    long[] a1 = {200, 210};
    long[] b0 = {300, 310, 320, 330, 50_000};
    f.done("a", 0, a0).done("a", 1, a1).done("b", 0, b0);
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Succeeded, s.getPhase(), s.getMessage());
    assertEquals(1, s.getResults().size());
    ResultRow row = s.getResults().get(0);
    assertEquals(11L, row.getCount());
    Histogram pooled = Histograms.newHistogram();
    for (long[] pod : List.of(a0, a1, b0)) {
      for (long v : pod) {
        Histograms.recordMicros(pooled, v);
      }
    }
    assertEquals(LatencySummary.of(pooled), row.getLatencyMicros(), "percentiles of all samples pooled");
    assertEquals(3, s.getPods().getResults());
    assertEquals("3/3", s.getPodSummary());
    assertNull(s.getPartial());
    assertEquals(1.1, s.getSummary().getThroughputPerSecond(), 1e-9, "11 operations in the common 10 s window");
    assertEquals("True", s.condition(Conditions.COMPLETED).getStatus());
    assertEquals("False", s.condition(Conditions.DEGRADED).getStatus());
    assertEquals("NoFaults", s.condition(Conditions.DEGRADED).getReason());
    assertEquals(StepFixture.T0.plusSeconds(30).toString(), s.getCompletionTime());
    assertEquals(List.of(EventReason.Succeeded), reasons(ctx));
    assertEquals(List.of("list result ConfigMaps"), f.cluster.actions, "no S3 sink: no upload");
    assertEquals(StepResult.MAX_RESCHEDULE, r.requeueAfter(), "towards the TTL clean-up");
    assertEquals(1, metrics.mergeTimer().count());
  }

  @Test
  void aFailingRunEndsFailedWithItsCauseAndWhatArrivedAndItsActiveJobsAreSuspended() {
    StepFixture f = collecting("late");
    f.done("a", 0, 100, 200);
    f.jobCondition("b", "Complete", null, null);
    RunContext failing = f.context();
    RunFailures.fail(failing, EventReason.StartTimeout, "2 of 3 runner(s) not ready after startTimeout 1m");
    f.run.setStatus(failing.status()); // what the Starting step wrote
    f.status().setPhase(Phase.Collecting);

    RunContext ctx = f.context();
    step.step(ctx);
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals("StartTimeout", s.condition(Conditions.COMPLETED).getReason());
    assertEquals("2 of 3 runner(s) not ready after startTimeout 1m (results of 1/3 pod(s) merged, partial)",
        s.getMessage());
    assertTrue(s.getPartial());
    assertEquals(List.of(EventReason.StartTimeout), reasons(ctx));
    assertEquals(EventReason.Type.Warning, EventReason.StartTimeout.type());
    assertEquals(List.of("list result ConfigMaps", "suspend Job late-a"), f.cluster.actions,
        "the Job still running stops; the complete one is left alone");
  }

  @Test
  void aPointInWhichNoOperationSucceededFailsTheRun() {
    StepFixture f = collecting("refused");
    f.done(f.document("a", 0, 0, 2, 100, 100)).done(f.document("a", 1, 0, 1, 100))
        .done(f.document("b", 0, 0, 3, 100, 100, 100));
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertEquals("NoSuccessfulRequests", ctx.status().condition(Conditions.COMPLETED).getReason());
    assertTrue(ctx.status().getMessage().startsWith("no operation succeeded in "), ctx.status().getMessage());
    assertEquals(List.of(EventReason.NoSuccess, EventReason.NoSuccessfulRequests), reasons(ctx),
        "the pods named as faults, then the run's failure");
  }

  @Test
  void aResultThatStartedLateIsLeftOutNamedAndTheRunIsPartial() {
    StepFixture f = collecting("skewed");
    f.done("a", 0, 100, 200).done("a", 1, 150).done(f.document("b", 0, 3_000, 0, 5_000, 6_000));
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    RunContext ctx = f.context();
    step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Succeeded, s.getPhase());
    assertEquals(3L, s.getResults().get(0).getCount(), "the late pod's 2 operations are not summed");
    assertTrue(s.getPartial());
    assertEquals(1, s.getPods().getExcluded());
    Fault late = s.getFaults().get(0);
    assertEquals(Fault.LATE_START, late.getType());
    assertEquals("b", late.getPlacement());
    assertEquals("LateStart", s.condition(Conditions.DEGRADED).getReason());
    assertEquals(List.of(EventReason.LateStart, EventReason.Succeeded), reasons(ctx));
    assertTrue(s.getMessage().endsWith("; degraded: 1 fault(s) (status.faults), partial"), s.getMessage());
  }

  @Test
  void aFailedUploadOfTheMergedReportSaysWhyAndLeavesTheOutcomeAlone() {
    StepFixture f = new StepFixture(StepFixture.yaml("s3", "results:",
        "  s3: {bucket: results, endpoint: \"http://s3.local:9000\", credentialsSecret: {name: s3-creds}}"))
        .in(Phase.Collecting).at(Duration.ofSeconds(30));
    f.done("a", 0, 100).done("a", 1, 100).done("b", 0, 100);
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    f.cluster.uploadFailure = new IOException("connection refused");
    RunContext ctx = f.context();
    step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Succeeded, s.getPhase());
    assertEquals("UploadFailed", s.condition(Conditions.RESULTS_UPLOADED).getReason());
    assertTrue(s.condition(Conditions.RESULTS_UPLOADED).getMessage().contains("IOException: connection refused"));
    assertEquals(List.of(EventReason.Succeeded, EventReason.ResultsUploadFailed), reasons(ctx));

    StepFixture g = new StepFixture(StepFixture.yaml("s3ok", "results:",
        "  s3: {bucket: results, endpoint: \"http://s3.local:9000\", credentialsSecret: {name: s3-creds}}"))
        .in(Phase.Collecting).at(Duration.ofSeconds(30));
    g.done("a", 0, 100).done("a", 1, 100).done("b", 0, 100);
    RunContext uploaded = g.context();
    step.step(uploaded);
    assertEquals("True", uploaded.status().condition(Conditions.RESULTS_UPLOADED).getStatus());
    assertTrue(g.cluster.actions.contains("upload merged report"));
  }
}
