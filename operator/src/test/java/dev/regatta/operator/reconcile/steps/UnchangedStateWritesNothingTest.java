package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.PhaseSteps;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.StatusRecorder;
import dev.regatta.operator.reconcile.status.StatusThrottle;
import dev.regatta.operator.reconcile.status.StatusWrite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JOSDK 5 does not filter the event of the operator's own status write: every write wakes the run once more. So a
 * reconcile that finds the run's objects as the last one left them must write nothing and say nothing, or the
 * operator would write to itself forever. Each case takes the real step of a phase (through the registry) and
 * the real recorder, twice: the second time with the status the first wrote, as JOSDK's cache hands it back.
 * The throttle is off (interval zero), so a changed pod count would be written at once: no write is held back
 * here, none is hidden.
 */
class UnchangedStateWritesNothingTest {
  private final PhaseSteps steps = new PhaseSteps(PodPolicy.restricted(),
      new OperatorMetrics(new SimpleMeterRegistry()));
  private final List<String> said = new ArrayList<>();
  private final StatusRecorder recorder = new StatusRecorder(new StatusThrottle(Duration.ZERO),
      (run, reason, message) -> said.add(reason + ": " + message));
  private final List<BenchmarkRunStatus> written = new ArrayList<>();
  private final StatusWrite write = (run, status, asRead) -> written.add(status);

  /**
   * Reconciles the run as the fixture has it, then again {@code later}, on the same objects, from the status the
   * first reconcile wrote.
   *
   * @return the status writes and Events of the first reconcile, as "writes/events"
   */
  private String reconcileTwice(StepFixture f, Duration later) {
    RunContext first = f.context();
    recorder.record(first, steps.step(first), write);
    String firstTime = written.size() + "/" + said.size();
    if (!written.isEmpty()) {
      f.run.setStatus(written.get(written.size() - 1));
    }
    written.clear();
    said.clear();
    int actions = f.cluster.actions.size();
    f.now = f.now.plus(later);

    RunContext second = f.context();
    recorder.record(second, steps.step(second), write);
    assertEquals(List.of(), written, "a reconcile that learned nothing writes no status");
    assertEquals(List.of(), said, "and says nothing");
    assertEquals(actions, f.cluster.actions.size(), "and asks nothing of the cluster: " + f.cluster.actions);
    return firstTime;
  }

  @Test
  void startingWithSomeRunnersReady() {
    StepFixture f = StepFixture.of("waiting").in(Phase.Starting).at(Duration.ofSeconds(10));
    f.ready("a", 0, T0.plusSeconds(4));
    f.pod("a", 0, "Running");
    f.pod("a", 1, "Pending");
    assertEquals("1/0", reconcileTwice(f, Duration.ofSeconds(3)), "the counts changed: one write");
  }

  @Test
  void runningWithSomeRunnersDone() {
    StepFixture f = StepFixture.of("measuring").in(Phase.Running).at(Duration.ofSeconds(20));
    f.done("a", 0, 100, 200);
    f.pod("a", 0, "Succeeded");
    f.pod("a", 1, "Running");
    f.pod("b", 0, "Running");
    assertEquals("1/0", reconcileTwice(f, Duration.ofSeconds(3)));
  }

  @Test
  void runningAfterARunnerWasLostIsSaidOnceAndWrittenOnce() {
    StepFixture f = StepFixture.of("lost").in(Phase.Running).at(Duration.ofSeconds(15));
    f.exited("a", 1, 137, null, T0.plusSeconds(12));
    assertEquals("1/1", reconcileTwice(f, Duration.ofSeconds(3)), "the fault: one write, one RunnerLost Event");
  }

  @Test
  void finishedBeforeItsTtl() {
    StepFixture f = StepFixture.of("done").in(Phase.Succeeded).at(Duration.ofMinutes(5));
    f.status().setCompletionTime(T0.plusSeconds(30).toString());
    f.pod("a", 0, "Succeeded");
    assertEquals("0/0", reconcileTwice(f, Duration.ofMinutes(1)));
  }

  @Test
  void finishedAndCleanedUp() {
    StepFixture f = StepFixture.of("cleaned").in(Phase.Failed).at(Duration.ofHours(2));
    f.status().setCompletionTime(T0.plusSeconds(30).toString());
    f.pod("a", 0, "Failed");
    RunContext cleaning = f.context();
    recorder.record(cleaning, steps.step(cleaning), write);
    assertTrue(written.isEmpty(), "the TTL clean-up leaves status alone");
    assertEquals(1, said.size(), "Cleaned: " + said);
    said.clear();
    f.jobs.clear(); // as the garbage collector leaves it
    f.pods.clear();
    assertEquals("0/0", reconcileTwice(f, Duration.ofMinutes(1)));
  }
}
