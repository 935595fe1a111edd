package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Succeeded or Failed: final; after ttlAfterFinished the Jobs and pods go, status and results stay. */
class FinishedStepTest {
  private final FinishedStep step = new FinishedStep();

  private static StepFixture finished(String name) {
    StepFixture f = StepFixture.of(name).in(Phase.Succeeded);
    f.status().setCompletionTime(StepFixture.T0.plusSeconds(30).toString());
    f.pod("a", 0, "Succeeded");
    f.pod("b", 0, "Succeeded");
    return f;
  }

  @Test
  void beforeTheTtlNothingHappensButTheTimer() {
    StepFixture f = finished("young").at(Duration.ofMinutes(10));
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);
    assertTrue(f.cluster.actions.isEmpty());
    assertTrue(ctx.events().isEmpty());
    assertEquals(Duration.ofMinutes(50).plusSeconds(30).plusMillis(50), r.requeueAfter(), "at completion + 1h");
  }

  @Test
  void afterTheTtlTheJobsAndPodsAreDeletedOnceAndTheStatusIsUntouched() {
    StepFixture f = finished("old").at(Duration.ofHours(2));
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);
    assertEquals(List.of("delete Job old-a", "delete Job old-b", "delete Pod " + f.pods.get(0).getMetadata().getName(),
        "delete Pod " + f.pods.get(1).getMetadata().getName()), f.cluster.actions);
    assertEquals(List.of(EventReason.Cleaned), reasons(ctx));
    assertEquals(RunContextJson.of(f.status()), RunContextJson.of(ctx.status()), "status stays as it was");
    assertNull(r.requeueAfter());

    f.jobs.clear();
    f.pods.clear();
    RunContext after = f.context();
    step.step(after);
    assertTrue(after.events().isEmpty(), "nothing left: nothing said again");
  }

  @Test
  void withoutATtlOfItsOwnARunIsCleanedAfterTheDefault24h() {
    StepFixture f = new StepFixture(StepFixture.yaml("default").replace("  ttlAfterFinished: 1h\n", ""))
        .in(Phase.Failed).at(Duration.ofHours(23));
    f.status().setCompletionTime(StepFixture.T0.toString());
    f.pod("a", 0, "Failed");
    assertEquals(Duration.ofHours(1).plusMillis(50), step.step(f.context()).requeueAfter());
    assertTrue(f.cluster.actions.isEmpty());
    f.at(Duration.ofHours(25));
    step.step(f.context());
    assertEquals(3, f.cluster.actions.size(), "two Jobs and a pod: " + f.cluster.actions);
  }

  /** Status as JSON, for comparing two statuses. */
  private static final class RunContextJson {
    static String of(dev.regatta.api.v1alpha1.BenchmarkRunStatus s) {
      return RunContext.statusJson(s).toString();
    }
  }

}
