package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.T0;
import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Running: counts runners done, says a lost runner at once, and moves on when every Job has finished. */
class RunningStepTest {
  private final RunningStep step = new RunningStep();

  private static StepFixture running(String name) {
    return StepFixture.of(name).in(Phase.Running).at(Duration.ofSeconds(15));
  }

  @Test
  void whileJobsRunTheDoneCountMovesAndTheStepLooksAgainByTheDeadline() {
    StepFixture f = running("mid");
    f.done("a", 0, 100, 200);
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);
    assertEquals(Phase.Running, ctx.status().getPhase());
    assertEquals("1/3", ctx.status().getPodSummary());
    assertTrue(ctx.events().isEmpty());
    assertEquals(StepResult.MAX_RESCHEDULE, r.requeueAfter(), "the deadline (T0 + 10m + 30s) is far");
  }

  @Test
  void whenEveryJobHasFinishedTheRunIsCollecting() {
    StepFixture f = running("end");
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);
    assertEquals(Phase.Collecting, ctx.status().getPhase());
    assertEquals("every Job finished; reading 3 result(s)", ctx.status().getMessage());
    assertEquals(List.of(EventReason.Collecting), reasons(ctx));
    assertEquals(StepResult.NEXT_STEP, r.requeueAfter());
  }

  @Test
  void aRunnerLostAfterTheStartIsSaidAtOnceOnceAndTheRunGoesOn() {
    StepFixture f = running("lost");
    f.exited("a", 1, 137, null, T0.plusSeconds(12)); // killed mid-window; the start was published at T0 + 5s
    RunContext ctx = f.context();
    step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Running, s.getPhase());
    assertEquals(1, s.getFaults().size());
    Fault fault = s.getFaults().get(0);
    assertEquals(Fault.LOST_WHILE_MEASURING, fault.getType());
    assertEquals("a", fault.getPlacement());
    assertEquals(1, fault.getIndex());
    assertTrue(fault.getExcluded());
    assertTrue(fault.getMessage().contains("exited with code 137"), fault.getMessage());
    assertEquals("True", s.condition(Conditions.DEGRADED).getStatus());
    assertEquals("LostWhileMeasuring", s.condition(Conditions.DEGRADED).getReason());
    assertEquals(List.of(EventReason.RunnerLost), reasons(ctx));

    // The next reconcile sees the fault in status: nothing new to say.
    f.run.setStatus(s);
    RunContext next = f.context();
    step.step(next);
    assertTrue(next.events().isEmpty(), "said once: " + next.events());
  }

  @Test
  void aRunnerThatFailedBeforeTheStartAndWasReplacedCostsNothing() {
    StepFixture f = running("retried");
    f.exited("a", 1, 1, "connection refused", T0.plusSeconds(3)); // before RunnersReady (T0 + 5s)
    RunContext ctx = f.context();
    step.step(ctx);
    assertNull(ctx.status().getFaults());
    assertTrue(ctx.events().isEmpty());

    StepFixture g = running("said");
    g.exited("a", 1, 1, "oops", T0.plusSeconds(12));
    g.result("a", 1, Map.of(Protocol.REPLACED_KEY, g.pods.get(0).getMetadata().getName() + " "
        + Protocol.REPLACED_BEFORE_START));
    RunContext said = g.context();
    step.step(said);
    assertNull(said.status().getFaults(), "its replacement recorded it as before the start");
  }

  @Test
  void aJobDeletedWhileRunningFailsTheRunButOneTheCacheHasNotSeenYetIsWaitedFor() {
    StepFixture f = running("gone");
    f.jobs.remove("gone-b");
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals("JobMissing", ctx.status().condition(Conditions.COMPLETED).getReason());
    assertTrue(ctx.status().condition(Conditions.COMPLETED).getMessage().startsWith("Job(s) [gone-b] no longer exist"));

    StepFixture g = running("behind");
    g.cluster.apiJobs.put("behind-b", g.jobs.remove("behind-b"));
    RunContext behind = g.context();
    StepResult r = step.step(behind);
    assertEquals(Phase.Running, behind.status().getPhase(), "the API has it: the cache is behind");
    assertEquals(Duration.ofMillis(1050), r.requeueAfter());
  }

  @Test
  void pastTheDeadlineTheRunFailsNamingTheJobsStillRunning() {
    StepFixture f = running("long").at(Duration.ofMinutes(11));
    f.jobCondition("a", "Complete", null, null);
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals(Phase.Collecting, ctx.status().getPhase());
    assertEquals("DeadlineExceeded", ctx.status().condition(Conditions.COMPLETED).getReason());
    assertEquals("the run did not finish within its timeout 10m; still running: Job long-b",
        ctx.status().condition(Conditions.COMPLETED).getMessage());
  }
}
