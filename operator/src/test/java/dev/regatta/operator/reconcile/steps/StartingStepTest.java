package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.T0;
import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting: the start barrier opens once, when every runner is ready; startTimeout names who was not. */
class StartingStepTest {
  private final StartingStep step = new StartingStep();

  private static StepFixture starting(String name) {
    return StepFixture.of(name).in(Phase.Starting);
  }

  @Test
  void whileRunnersGetReadyTheCountsMoveAndTheStepLooksAgainAtStartTimeout() {
    StepFixture f = starting("warm").at(Duration.ofSeconds(10));
    f.pod("a", 0, "Running");
    f.pod("a", 1, "Pending");
    f.ready("a", 0, T0.plusSeconds(8));
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Starting, s.getPhase());
    assertEquals("1/3", s.getPodSummary());
    assertEquals(1, s.getPods().getReady());
    assertEquals(1, s.getPods().getRunning());
    assertEquals("1/3 runners ready", s.condition(Conditions.RUNNERS_READY).getMessage());
    assertTrue(ctx.events().isEmpty());
    assertTrue(f.cluster.actions.isEmpty(), "the barrier stays closed");
    assertEquals(Duration.ofSeconds(50).plusMillis(50), r.requeueAfter(), "at startTimeout (T0 + 1m)");
  }

  @Test
  void whenEveryRunnerIsReadyTheStartInstantIsPublishedOnceAndTheRunIsRunning() {
    StepFixture f = starting("go").at(Duration.ofSeconds(12));
    f.ready("a", 0, T0.plusSeconds(8)).ready("a", 1, T0.plusSeconds(11)).ready("b", 0, T0.plusSeconds(9));
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    assertEquals(List.of("publish start"), f.cluster.actions);
    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Running, s.getPhase());
    assertEquals("2026-11-28T10:00:14.000Z", s.getBarrier().getStartAt(), "now + startDelay 2s");
    assertEquals(11.0, s.getBarrier().getWaitSeconds(), "creation to the last runner's readyAt");
    assertEquals("True", s.condition(Conditions.RUNNERS_READY).getStatus());
    assertEquals("AllReady", s.condition(Conditions.RUNNERS_READY).getReason());
    assertEquals("0/3", s.getPodSummary(), "now counting runners done");
    assertEquals(List.of(EventReason.Running), reasons(ctx));
    assertEquals(StepResult.MAX_RESCHEDULE, r.requeueAfter(), "the deadline is far: looked at again within 2m");

    // A restarted operator that finds the instant published keeps it (StartBarrier.publish reads it back).
    f.at(Duration.ofSeconds(13));
    f.status().setPhase(Phase.Starting);
    RunContext again = f.context();
    step.step(again);
    assertEquals("2026-11-28T10:00:14.000Z", again.status().getBarrier().getStartAt());
  }

  @Test
  void atStartTimeoutTheRunFailsNamingEachRunnerThatIsNotReadyAndWhy() {
    StepFixture f = starting("slow").at(Duration.ofSeconds(61));
    f.ready("a", 0, T0.plusSeconds(8));
    f.pod("a", 1, "Pending");
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Collecting, s.getPhase(), "a failing run merges what it has");
    assertEquals("False", s.condition(Conditions.COMPLETED).getStatus());
    assertEquals("StartTimeout", s.condition(Conditions.COMPLETED).getReason());
    assertEquals("StartTimeout", s.condition(Conditions.RUNNERS_READY).getReason());
    String m = s.condition(Conditions.COMPLETED).getMessage();
    assertTrue(m.startsWith("2 of 3 runner(s) not ready after startTimeout 1m: a-1: pod slow-a-1-"), m);
    assertTrue(m.contains("b-0: no pod was created"), m);
    assertEquals(List.of(EventReason.Collecting), reasons(ctx), "the Warning comes with the end (CollectStep)");
    assertEquals(StepResult.NEXT_STEP, r.requeueAfter());
  }

  @Test
  void anImageThatCannotBePulledFailsTheRunAtOnce() {
    StepFixture f = starting("pull").at(Duration.ofSeconds(5));
    f.imagePullError("a", 0);
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals(Phase.Collecting, ctx.status().getPhase());
    assertEquals("ImagePullFailed", ctx.status().condition(Conditions.COMPLETED).getReason());
    assertTrue(ctx.status().condition(Conditions.COMPLETED).getMessage()
        .contains("cannot pull image registry.example/runner:nope: ErrImagePull"),
        ctx.status().condition(Conditions.COMPLETED).getMessage());
  }

  @Test
  void aFailedJobFailsTheRunWithItsPodsOwnWords() {
    StepFixture f = starting("exit2").at(Duration.ofSeconds(5));
    f.exited("b", 0, 2, "spec.scenarios[0]: bad", T0.plusSeconds(4));
    f.jobCondition("b", "Failed", "PodFailurePolicy", "Container runner for pod exit2-b-0 failed with exit code 2");
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals("JobFailed", ctx.status().condition(Conditions.COMPLETED).getReason());
    String m = ctx.status().condition(Conditions.COMPLETED).getMessage();
    assertTrue(m.startsWith("Job exit2-b failed: PodFailurePolicy"), m);
    assertTrue(m.contains("exited with code 2") && m.contains("spec.scenarios[0]: bad"), m);
  }
}
