package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.PhaseSteps;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.abort.LiveAbort;
import dev.regatta.operator.reconcile.abort.LiveWake;
import dev.regatta.operator.reconcile.live.LiveFleet;
import dev.regatta.operator.reconcile.live.RoundListener;
import dev.regatta.operator.reconcile.live.PointSoFar;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.result.Histograms;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * abortOnFail through the steps: a Running run with such a criterion is watched once it is followed live; a round
 * whose figures breach it wakes the run at once, and its next step aborts it as {@code regatta abort} does (Jobs
 * suspended, Collecting, what arrived merged, Failed with reason Aborted naming the criterion, the value and the
 * bound), with the breach in status.thresholds and ThresholdsPassed=False.
 */
class LiveAbortStepTest {
  private final LiveFleet fleet = new LiveFleet(pod -> null, Duration.ofSeconds(10));
  private final List<ResourceID> woken = new ArrayList<>();
  private final LiveWake wake = new LiveWake();
  private final PhaseSteps steps;

  LiveAbortStepTest() {
    wake.attach(new SimpleInboundEventSource<>() {
      @Override
      public void propagateEvent(ResourceID id) {
        woken.add(id);
      }
    });
    steps = new PhaseSteps(PodPolicy.restricted(), new OperatorMetrics(new SimpleMeterRegistry()), fleet, wake);
  }

  @AfterEach
  void close() {
    fleet.close();
  }

  private static StepFixture running(String name) {
    return new StepFixture(StepFixture.yaml(name, "thresholds:",
        "  - {expr: \"p99 < 10s\"}",
        "  - {expr: \"p99 < 1ms\", abortOnFail: true, delayAbortEval: 2s}",
        "  - {expr: \"checks > 99%\", scenario: get}")).in(Phase.Running).at(Duration.ofSeconds(12));
  }

  private static PointSoFar slowPoint(int seconds) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(4_000, 500);
    PointSoFar p = new PointSoFar("get", Map.of());
    for (int i = 1; i <= seconds; i++) {
      p.add(h, 500, 0, 0, 1000);
      p.measured(0, StepFixture.T0.plusSeconds(6 + i).toEpochMilli(), StepFixture.T0.plusSeconds(7 + i).toEpochMilli());
    }
    return p;
  }

  private RunContext step(StepFixture f) {
    RunContext ctx = f.context();
    steps.step(ctx);
    f.run.setStatus(ctx.status());
    return ctx;
  }

  @Test
  void aBreachPastTheDelayWakesTheRunAndItsNextStepAbortsIt() {
    StepFixture f = running("breach");
    String key = f.context().key();
    step(f);
    RoundListener watch = fleet.roundListener(key);
    assertTrue(watch != null, "a Running run with abortOnFail is watched once it is followed");

    watch.roundEnded(List.of(slowPoint(1)));
    assertEquals(List.of(), woken, "1 s measured: within delayAbortEval 2s");
    assertEquals(Phase.Running, step(f.at(Duration.ofSeconds(13))).status().getPhase());
    assertTrue(f.cluster.actions.stream().noneMatch(a -> a.startsWith("suspend")));

    watch.roundEnded(List.of(slowPoint(2)));
    assertEquals(List.of(new ResourceID("breach", StepFixture.NS)), woken, "the round wakes the run at once");
    watch.roundEnded(List.of(slowPoint(3)));
    assertEquals(1, woken.size(), "the first breach is kept: woken once");

    f.done("a", 0, 100, 200, 300); // one runner had finished; the other two are stopped
    RunContext aborting = step(f.at(Duration.ofSeconds(14)));
    assertEquals(Phase.Collecting, aborting.status().getPhase());
    assertEquals(List.of("suspend Job breach-a", "suspend Job breach-b"), f.cluster.actions.stream()
        .filter(a -> a.startsWith("suspend")).toList(), "the runners stop at once");
    assertNull(aborting.status().getProgress(), "no longer Running");
    assertEquals(0, fleet.followed(), "no longer followed");

    RunContext end = null;
    for (int i = 0; i < 5 && (end == null || !end.status().getPhase().isFinished()); i++) {
      end = step(f.at(Duration.ofSeconds(15 + i)));
    }
    BenchmarkRunStatus s = end.status();
    assertEquals(Phase.Failed, s.getPhase());
    assertEquals("Aborted", s.condition(Conditions.COMPLETED).getReason());
    assertTrue(s.getMessage().startsWith("aborted on a live breach of spec.thresholds[1] 'p99 < 1ms' (abortOnFail): "
        + "4.00ms on get, bound < 1.00ms; the fleet's figure over the 2.0 s the point had measured up to "
        + StepFixture.T0.plusSeconds(9) + " (delayAbortEval 2s)"), s.getMessage());
    assertTrue(s.getMessage().endsWith("(results of 1/3 pod(s) merged, partial)"), s.getMessage());
    assertEquals(s.getMessage(), message(end, EventReason.Aborted), "the Warning Event says the same");
    assertEquals(3L, s.getResults().get(0).getCount(), "what arrived is merged");

    assertEquals("Aborted: p99 < 1ms", s.getVerdict());
    var passed = s.condition(dev.regatta.operator.reconcile.verdict.ThresholdVerdict.CONDITION);
    assertEquals("False", passed.getStatus());
    assertEquals(LiveAbort.REASON, passed.getReason());
    List<ThresholdResult> t = s.getThresholds();
    assertEquals(3, t.size());
    assertFalse(t.get(1).getPassed());
    assertEquals(4_000.0, t.get(1).getObservedValue(), 4, "the live figure, within the histogram's precision");
    assertEquals("< 1.00ms", t.get(1).getBound());
    assertNull(t.get(0).getPassed(), "the others are not judged");
    assertTrue(t.get(0).getReason().startsWith("not judged: the run was aborted on a live breach of 'p99 < 1ms'"));
  }

  @Test
  void aRunWithoutAbortOnFailIsNotWatched() {
    StepFixture f = new StepFixture(StepFixture.yaml("plain", "thresholds:", "  - {expr: \"p99 < 1ms\"}"))
        .in(Phase.Running).at(Duration.ofSeconds(12));
    step(f);
    assertNull(fleet.roundListener(f.context().key()), "nothing kept for a run that cannot abort live");
    assertEquals(1, fleet.followed());
  }

  /** An abort asked for and a breach at once: the run is aborted once, by the request (it is looked at first). */
  @Test
  void aRequestedAbortComesFirst() {
    StepFixture f = running("both");
    step(f);
    fleet.roundListener(f.context().key()).roundEnded(List.of(slowPoint(3)));
    BenchmarkRun r = f.run;
    r.getMetadata().setAnnotations(Map.of(dev.regatta.protocol.Protocol.ABORT_ANNOTATION, "by hand"));
    RunContext ctx = step(f.at(Duration.ofSeconds(14)));
    assertEquals(Phase.Collecting, ctx.status().getPhase());
    assertTrue(ctx.status().condition(Conditions.COMPLETED).getMessage().startsWith("aborted on request: 'by hand'"));
    assertNull(ctx.status().getVerdict());
  }
}
