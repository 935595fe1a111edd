package dev.regatta.operator.reconcile.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.Observed;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Compare before writing, hold back counts alone, and say nothing that was not written. */
class StatusRecorderTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private final List<String> written = new ArrayList<>();
  private final List<String> said = new ArrayList<>();
  private final StatusRecorder recorder = new StatusRecorder(new StatusThrottle(Duration.ofSeconds(5)),
      (run, reason, message) -> said.add(reason + ": " + message));
  private final StatusWrite write = (run, status, asRead) -> written.add(status.getPhase() + " " + status.getPodSummary());

  private static RunContext running(String podSummary, Instant now) {
    BenchmarkRun run = RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: r, namespace: ns}
        spec:
          placements: [{name: a, pods: 40}]
          scenarios: [{name: get, redis: {url: "redis://127.0.0.1:6379", key: k}, duration: 10s}]
        """, "test").get(0);
    BenchmarkRunStatus s = new BenchmarkRunStatus();
    s.setPhase(Phase.Running);
    s.setPodSummary(podSummary);
    run.setStatus(s);
    return new RunContext(run, Observed.nothing(), now, null);
  }

  @Test
  void aStepThatChangedNothingWritesNothing() {
    RunContext ctx = running("3/40", T0);
    Optional<Duration> next = recorder.record(ctx, StepResult.after(Duration.ofSeconds(9)), write);
    assertTrue(written.isEmpty());
    assertEquals(Optional.of(Duration.ofSeconds(9)), next);
  }

  @Test
  void countsAloneAreWrittenAtMostOncePerIntervalAndTheRestIsScheduledNotLost() {
    RunContext first = running("3/40", T0);
    first.status().setPodSummary("4/40");
    recorder.record(first, StepResult.waitForEvents(), write);
    assertEquals(List.of("Running 4/40"), written, "never written before: at once");

    RunContext second = running("4/40", T0.plusSeconds(1));
    second.status().setPodSummary("5/40");
    Optional<Duration> next = recorder.record(second, StepResult.after(Duration.ofMinutes(2)), write);
    assertEquals(List.of("Running 4/40"), written, "held back");
    assertEquals(Optional.of(Duration.ofMillis(4050)), next, "looked at again when due, to write the counts of then");

    RunContext due = running("4/40", T0.plusSeconds(5));
    due.status().setPodSummary("6/40");
    recorder.record(due, StepResult.waitForEvents(), write);
    assertEquals(List.of("Running 4/40", "Running 6/40"), written);
  }

  @Test
  void aPhaseChangeIsNeverHeldBackAndItsEventFollowsTheWrite() {
    RunContext first = running("3/40", T0);
    first.status().setPodSummary("4/40");
    recorder.record(first, StepResult.waitForEvents(), write);
    RunContext next = running("4/40", T0.plusSeconds(1));
    next.enter(Phase.Collecting, EventReason.Collecting, "every Job finished");
    recorder.record(next, StepResult.nextStep(), write);
    assertEquals(List.of("Running 4/40", "Collecting 4/40"), written);
    assertEquals(List.of("Collecting: every Job finished"), said);
  }

  @Test
  void aFailedWriteSaysNothingSoTheRetriedStepSaysItOnce() {
    RunContext ctx = running("3/40", T0);
    ctx.enter(Phase.Collecting, EventReason.Collecting, "every Job finished");
    StatusWrite failing = (run, status, asRead) -> {
      throw new KubernetesClientException("the API is away", 503, null);
    };
    assertThrows(KubernetesClientException.class, () -> recorder.record(ctx, StepResult.nextStep(), failing));
    assertTrue(said.isEmpty());
  }

  @Test
  void eventsOfAStepThatChangedNoStatusAreStillSaid() {
    RunContext ctx = running("3/40", T0);
    ctx.event(EventReason.Cleaned, "ttlAfterFinished 1h passed");
    recorder.record(ctx, StepResult.waitForEvents(), write);
    assertTrue(written.isEmpty());
    assertEquals(List.of("Cleaned: ttlAfterFinished 1h passed"), said);
  }
}
