package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.PhaseSteps;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.collect.StoppingRunners;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import dev.regatta.operator.reconcile.abort.AbortRequest;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An abort asked for with the regatta.dev/abort annotation: the active Jobs are suspended at once, the run goes
 * through Collecting, which merges the results that arrived (partial), and ends Failed with reason Aborted naming
 * the reason. A run that has ended is left as it is.
 */
class AbortStepTest {
  private final PhaseSteps steps = new PhaseSteps(PodPolicy.restricted(), new OperatorMetrics(new SimpleMeterRegistry()));

  private static StepFixture aborted(StepFixture f, String reason) {
    f.run.getMetadata().setAnnotations(Map.of(Protocol.ABORT_ANNOTATION, reason));
    return f;
  }

  /** Takes steps as the reconciler does, each status written back, until the run ends. */
  private RunContext untilEnded(StepFixture f) {
    for (int i = 0; i < 5; i++) {
      RunContext ctx = f.context();
      steps.step(ctx);
      f.run.setStatus(ctx.status());
      if (ctx.status().getPhase().isFinished()) {
        return ctx;
      }
    }
    throw new AssertionError("did not end: " + f.status().getPhase());
  }

  @Test
  void aRunningRunStopsItsRunnersAndEndsAbortedWithWhatArrived() {
    StepFixture f = aborted(StepFixture.of("bench").in(Phase.Running).at(Duration.ofSeconds(12)), "wrong target");
    f.done("a", 0, 100, 200, 300); // one runner had finished; the other two were stopped
    RunContext first = f.context();
    steps.step(first);
    assertEquals(Phase.Collecting, first.status().getPhase());
    assertEquals(List.of("suspend Job bench-a", "suspend Job bench-b"), f.cluster.actions.stream()
        .filter(a -> a.startsWith("suspend")).toList(), "the runners stop at once");
    f.run.setStatus(first.status());

    RunContext end = untilEnded(f);
    BenchmarkRunStatus s = end.status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals("Aborted", s.condition(Conditions.COMPLETED).getReason());
    assertTrue(s.getMessage().startsWith("aborted on request: 'wrong target' (in phase Running)"), s.getMessage());
    assertTrue(s.getMessage().endsWith("(results of 1/3 pod(s) merged, partial)"), s.getMessage());
    assertTrue(Boolean.TRUE.equals(s.getPartial()), "what arrived is merged, marked partial");
    assertEquals(3L, s.getResults().get(0).getCount(), "the finished runner's three operations");
    assertEquals(s.getMessage(), message(end, EventReason.Aborted));
    assertEquals(EventReason.Type.Warning, EventReason.Aborted.type());
  }

  /**
   * A runner stopped mid-window (SIGTERM when its Job is suspended) writes what it measured, marked stopped:
   * Collecting waits for it, merges its window over the 3 s it measured (not the 10 s planned) and says so.
   */
  @Test
  void aRunnerStoppedMidWindowIsWaitedForAndMergedOverTheTimeItMeasured() {
    StepFixture f = aborted(StepFixture.of("cut").in(Phase.Running).at(Duration.ofSeconds(12)), "enough");
    f.done("a", 0, 100, 200, 300); // finished: 3 operations in its 10 s window
    f.result("b", 0, Map.of(Protocol.STATE_KEY, Protocol.STATE_RUNNING));
    RunContext first = f.context();
    steps.step(first);
    f.run.setStatus(first.status());
    f.at(Duration.ofSeconds(13));
    RunContext waiting = f.context();
    StepResult again = steps.step(waiting);
    assertEquals(Phase.Collecting, waiting.status().getPhase(), "b-0 was measuring and has not written yet");
    assertTrue(again.requeue().orElseThrow().compareTo(StoppingRunners.WAIT) <= 0, again.toString());
    f.run.setStatus(waiting.status());

    ResultDocument whole = f.document("b", 0, 0, 0, java.util.stream.LongStream.generate(() -> 150).limit(600).toArray());
    ScenarioResult w = whole.scenarios().get(0);
    ScenarioResult cut = new ScenarioResult(w.name(), w.params(), 0, 600, 0, null, 0, 3.0, 200.0, 0, 0,
        w.latencyMicros(), w.histogram(), w.startEpochMicros(), w.startEpochMicros() + 3_000_000L, null);
    f.done(new ResultDocument(whole.version(), whole.run(), whole.namespace(), whole.pod(), "b", null, null, 0,
        "node", null, whole.measuredStartEpochMicros(), whole.finishedAt(), List.of(cut), null, 1, null,
        new ResultDocument.Stopped("terminated", f.now.toString(), "get", null, 0, 3.0, 10.0)));
    f.at(Duration.ofSeconds(14));
    BenchmarkRunStatus s = untilEnded(f).status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals("Aborted", s.condition(Conditions.COMPLETED).getReason());
    assertTrue(Boolean.TRUE.equals(s.getPartial()), "a window cut short is partial");
    ResultRow row = s.getResults().get(0);
    assertEquals(603L, row.getCount());
    assertEquals(3 / 10.0 + 600 / 3.0, row.getThroughputPerSecond(), 0.01, "over the time each really measured");
    assertEquals(1, row.getStoppedEarly(), "the row says one pod's window was cut short");
    BenchmarkRunStatus.Fault stopped = s.getFaults().stream()
        .filter(x -> BenchmarkRunStatus.Fault.STOPPED_EARLY.equals(x.getType())).findFirst().orElseThrow();
    assertEquals(whole.pod(), stopped.getPod());
    assertFalse(Boolean.TRUE.equals(stopped.getExcluded()), "kept in the rows");
    assertTrue(stopped.getMessage().contains("stopped (terminated) 3.0 s into its 10.0 s window of get repeat 0"),
        stopped.getMessage());
    assertEquals("True", s.condition(Conditions.DEGRADED).getStatus());
  }

  /** A stopped runner that never writes (killed outright) holds the run no longer than the wait. */
  @Test
  void aStoppedRunnerThatNeverWritesHoldsTheRunNoLongerThanTheWait() {
    StepFixture f = aborted(StepFixture.of("mute").in(Phase.Running).at(Duration.ofSeconds(12)), "enough");
    f.done("a", 0, 100, 200, 300);
    f.result("b", 0, Map.of(Protocol.STATE_KEY, Protocol.STATE_RUNNING));
    RunContext first = f.context();
    steps.step(first);
    f.run.setStatus(first.status());
    f.at(Duration.ofSeconds(12).plus(StoppingRunners.WAIT));
    BenchmarkRunStatus s = untilEnded(f).status();
    assertEquals(Phase.Failed, s.getPhase());
    assertTrue(s.getMessage().endsWith("(results of 1/3 pod(s) merged, partial)"), s.getMessage());
    assertEquals(null, s.getResults().get(0).getStoppedEarly());
  }

  @Test
  void aPendingOrStartingRunIsAbortedToo() {
    for (Phase phase : List.of(Phase.Pending, Phase.Starting)) {
      StepFixture f = aborted(StepFixture.of("early-" + phase.name().toLowerCase()).in(phase)
          .at(Duration.ofSeconds(3)), "");
      BenchmarkRunStatus s = untilEnded(f).status();
      assertEquals(Phase.Failed, s.getPhase(), phase.name());
      assertEquals("Aborted", s.condition(Conditions.COMPLETED).getReason());
      assertTrue(s.getMessage().startsWith("aborted on request: 'no reason given' (in phase " + phase + ")"),
          s.getMessage());
    }
  }

  @Test
  void aFinishedRunIsLeftAsItIs() {
    StepFixture f = StepFixture.of("done").in(Phase.Succeeded).at(Duration.ofMinutes(1));
    aborted(f, "too late");
    String before = RunContext.statusJson(f.status()).toString();
    RunContext ctx = f.context();
    steps.step(ctx);
    assertEquals(before, RunContext.statusJson(ctx.status()).toString(), "nothing changed");
    assertFalse(f.cluster.actions.stream().anyMatch(a -> a.startsWith("suspend")), f.cluster.actions.toString());
  }

  @Test
  void onlyTheAnnotationAppearingOrChangingWakesTheRun() {
    BenchmarkRun plain = StepFixture.of("r").run;
    BenchmarkRun asked = StepFixture.of("r").run;
    asked.getMetadata().setAnnotations(Map.of(Protocol.ABORT_ANNOTATION, "x"));
    BenchmarkRun other = StepFixture.of("r").run;
    other.getMetadata().setAnnotations(Map.of(Protocol.ABORT_ANNOTATION, "y"));
    assertTrue(AbortRequest.changed(asked, plain));
    assertTrue(AbortRequest.changed(other, asked));
    assertFalse(AbortRequest.changed(asked, asked));
    assertFalse(AbortRequest.changed(plain, plain), "a status write wakes nothing");
    BenchmarkRun hostile = StepFixture.of("r").run;
    hostile.getMetadata().setAnnotations(Map.of(Protocol.ABORT_ANNOTATION, "a\nb" + "x".repeat(1000)));
    String reason = AbortRequest.requested(hostile).orElseThrow();
    assertFalse(reason.contains("\n"));
    assertEquals(AbortRequest.MAX_REASON, reason.length());
  }
}
