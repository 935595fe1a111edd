package dev.regatta.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.standin.HttpStandin;
import dev.regatta.runner.workload.RunContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stop in the middle of a one-minute window (pod mode's SIGTERM): the window ends at the stop and counts the time
 * it really measured; in the open model only the slots due before the stop are accounted for (sent or dropped).
 */
class StopMidWindowTest {
  private static final double RATE = 400;

  private static ScenarioResult stoppedAfter(HttpStandin target, Load load, long requests) throws Exception {
    HttpWorkload w = new HttpWorkload();
    w.setUrl(target.url() + "/");
    ScenarioPlan plan = new ScenarioPlan("get", Map.of(), WorkloadKind.HTTP, w, load, Duration.ofSeconds(60), null,
        Duration.ZERO, 1);
    try (PreparedPlan p = PreparedPlan.open(plan, RunContext.defaults())) {
      StopSignal stop = new StopSignal();
      long before = target.requests();
      CompletableFuture<ScenarioResult> window = CompletableFuture.supplyAsync(() -> {
        try {
          return p.measure(0, stop);
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (target.requests() - before < requests && System.nanoTime() - deadline < 0) {
        Thread.sleep(5); // polling the target's counter, bounded by the deadline
      }
      stop.request("terminated");
      ScenarioResult r = window.get(20, TimeUnit.SECONDS);
      assertTrue(p.lastWindowCut(), "the stop cut the window");
      return r;
    }
  }

  @Test
  void anOpenModelWindowAccountsOnlyForTheSlotsDueBeforeTheStop() throws Exception {
    try (HttpStandin target = HttpStandin.withDelay(64, Duration.ofMillis(1))) {
      ScenarioResult r = stoppedAfter(target, Load.open(RATE, 4), 100);
      assertTrue(r.durationSeconds() > 0 && r.durationSeconds() < 30, "window: " + r.durationSeconds());
      assertTrue(r.count() >= 100, "what was measured: " + r.count());
      double due = RATE * r.durationSeconds();
      // every slot due before the stop is sent or dropped; none after it is counted (not a minute's worth dropped)
      assertEquals(due, r.count() + r.dropped(), 0.02 * due + 5, "count " + r.count() + " + dropped " + r.dropped());
      assertEquals(r.count() / r.durationSeconds(), r.throughputPerSecond(), 0.01 * r.throughputPerSecond() + 0.01);
    }
  }

  @Test
  void aClosedModelWindowEndsAtTheStopAndCountsTheTimeMeasured() throws Exception {
    try (HttpStandin target = HttpStandin.withDelay(64, Duration.ofMillis(1))) {
      Load load = new Load();
      load.setConnections(2);
      long t0 = System.nanoTime();
      ScenarioResult r = stoppedAfter(target, load, 100);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      assertTrue(r.durationSeconds() > 0 && r.durationSeconds() <= elapsed, "window " + r.durationSeconds()
          + " s, within the " + elapsed + " s the test ran, not the planned 60 s");
      assertTrue(r.count() >= 100, "what was measured: " + r.count());
      assertEquals(r.count() / r.durationSeconds(), r.throughputPerSecond(), 0.01 * r.throughputPerSecond() + 0.01);
    }
  }
}
