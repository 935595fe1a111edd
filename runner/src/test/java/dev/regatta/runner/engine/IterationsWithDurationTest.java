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
import org.junit.jupiter.api.Test;

/** k6's shared-iterations with maxDuration: iterations and a duration end the window at whichever comes first. */
class IterationsWithDurationTest {
  private static ScenarioResult run(HttpStandin target, Load load, Duration duration, long iterations) throws Exception {
    HttpWorkload w = new HttpWorkload();
    w.setUrl(target.url());
    ScenarioPlan plan = new ScenarioPlan("k6", Map.of(), WorkloadKind.HTTP, w, load, duration, iterations,
        Duration.ZERO, 1);
    try (PreparedPlan p = PreparedPlan.open(plan, RunContext.defaults())) {
      return p.measure(0);
    }
  }

  @Test
  void iterationsEndTheWindowWhenTheyRunOutFirst() throws Exception {
    try (HttpStandin target = HttpStandin.start(100)) {
      ScenarioResult r = run(target, Load.closed(5), Duration.ofMinutes(10), 200);
      assertEquals(200, r.count(), "every iteration, shared by 5 connections");
      assertTrue(r.durationSeconds() < 600, "the window is the time the iterations took: " + r.durationSeconds());
      assertEquals(200 / r.durationSeconds(), r.throughputPerSecond(), r.throughputPerSecond() * 0.01);
    }
  }

  @Test
  void theDurationEndsTheWindowWhenItComesFirst() throws Exception {
    // 20 ms per request on 2 connections: at most ~100 requests/s, never 10^9 in 500 ms
    try (HttpStandin target = HttpStandin.withDelay(100, Duration.ofMillis(20))) {
      ScenarioResult r = run(target, Load.closed(2), Duration.ofMillis(500), 1_000_000_000L);
      assertEquals(0.5, r.durationSeconds(), 1e-9, "the window is the duration");
      assertTrue(r.count() > 0 && r.count() < 1_000_000_000L, "count " + r.count());
    }
  }

  @Test
  void theOpenModelSendsAtMostTheIterationsWithinTheDuration() throws Exception {
    try (HttpStandin target = HttpStandin.start(100)) {
      Load open = new Load();
      open.setModel(Load.Model.OPEN);
      open.setRate(200.0);
      open.setConnections(4);
      ScenarioResult fewer = run(target, open, Duration.ofSeconds(1), 50);
      assertEquals(50, fewer.count() + fewer.dropped(), "iterations first: 50 of the 200 slots of 1 s");
      ScenarioResult shorter = run(target, open, Duration.ofMillis(250), 1000);
      assertEquals(50, shorter.count() + shorter.dropped(), "duration first: 200/s x 250 ms");
      assertEquals(0.25, shorter.durationSeconds(), 1e-9);
    }
  }
}
