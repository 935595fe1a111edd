package dev.regatta.operator.reconcile.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Progress;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.live.LiveFleet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * status.progress while Running: renewed at most every progressEvery (reconciles in between leave the status as it
 * was, so the compare-before-write writes nothing), the step asks to look again when it is due, and it is gone
 * once the run leaves Running. (No pod has an address here: the fleet figures are LiveRunTest's and the local
 * end-to-end test's.)
 */
class RunningStepProgressTest {
  private final LiveFleet fleet = new LiveFleet(pod -> null, Duration.ofSeconds(10));
  private final RunningStep step = new RunningStep(fleet);

  @AfterEach
  void close() {
    fleet.close();
  }

  @Test
  void progressIsRenewedAtMostEveryTenSecondsAndGoesWithRunning() {
    StepFixture f = StepFixture.of("prog").in(Phase.Running).at(Duration.ofSeconds(15));
    RunContext first = f.context();
    StepResult r = step.step(first);
    Progress p = first.status().getProgress();
    assertNotNull(p);
    assertEquals(3, p.getPodsExpected());
    assertEquals(0, p.getPodsReporting());
    assertNull(p.getP99Micros(), "no interval has come in: no figures are made up");
    assertNotNull(p.getElapsed());
    assertNotNull(p.getExpected());
    assertTrue(r.requeueAfter().compareTo(Duration.ofSeconds(11)) <= 0, "looks again when progress is due: " + r);
    assertEquals(1, fleet.followed());

    f.run.setStatus(first.status());
    RunContext soon = f.at(Duration.ofSeconds(22)).context();
    step.step(soon);
    assertEquals(RunContext.statusJson(first.status()), RunContext.statusJson(soon.status()),
        "7 s later nothing is renewed: nothing to write");

    RunContext later = f.at(Duration.ofSeconds(25)).context();
    step.step(later);
    assertNotEquals(first.status().getProgress().getElapsed(), later.status().getProgress().getElapsed(),
        "10 s later progress is renewed");

    f.run.setStatus(later.status());
    f.jobCondition("a", "Complete", null, null).jobCondition("b", "Complete", null, null);
    RunContext end = f.at(Duration.ofSeconds(30)).context();
    step.step(end);
    assertEquals(Phase.Collecting, end.status().getPhase());
    assertNull(end.status().getProgress(), "progress is for Running only");
    assertEquals(0, fleet.followed(), "the run is no longer followed");
  }
}
