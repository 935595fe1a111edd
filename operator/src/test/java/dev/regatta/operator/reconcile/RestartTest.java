package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.operator.testing.Harness;
import dev.regatta.result.LatencySummary;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator keeps nothing in memory that matters: stopped in any phase (and things happening while it is
 * down), a new operator on the same API finishes the run with every result, and takes no step twice.
 */
class RestartTest {
  private Harness h;

  @BeforeEach
  void start() {
    h = new Harness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void restartInEveryPhaseLosesNothing() {
    // Created while no operator runs.
    h.create(Harness.threeGroups("survivor"));
    h.cluster.startOperator();
    h.awaitPhase("survivor", Phase.Starting);

    // Down in Starting: every runner gets ready meanwhile.
    h.cluster.stopOperator();
    List<Pod> pods = h.startAll("survivor");
    h.cluster.startOperator();
    BenchmarkRun running = h.awaitPhase("survivor", Phase.Running);
    String startAt = running.getStatus().getBarrier().getStartAt();
    assertEquals(startAt, h.runners.startAt("survivor"));

    // Down in Running and up again: the start instant is never moved (runners may be sleeping towards it).
    h.cluster.stopOperator();
    h.cluster.startOperator();
    h.cluster.stopOperator();
    assertEquals(startAt, h.runners.startAt("survivor"));

    // Down while every runner finishes and every Job completes.
    h.finishAll("survivor", pods);
    h.cluster.startOperator();
    BenchmarkRun done = h.awaitPhase("survivor", Phase.Succeeded);

    assertEquals(startAt, done.getStatus().getBarrier().getStartAt());
    assertEquals(5, done.getStatus().getPods().getResults());
    assertNull(done.getStatus().getPartial());
    for (ResultRow row : done.getStatus().getResults()) {
      String key = row.getScenario() + " " + row.getParams();
      assertEquals(h.expectedCount.get(key), row.getCount());
      assertEquals(LatencySummary.of(h.expected.get(key)), row.getLatencyMicros());
    }
    // One Event per phase step, however often the operator restarted.
    Harness.await("the Succeeded Event").until(() -> h.events("survivor").stream().anyMatch(e -> "Succeeded".equals(e.getReason())));
    Map<String, Long> perReason = h.events("survivor").stream()
        .collect(Collectors.groupingBy(Event::getReason, Collectors.counting()));
    assertEquals(Map.of("Accepted", 1L, "Starting", 1L, "Running", 1L, "Collecting", 1L, "Succeeded", 1L), perReason);
    assertEquals(List.of(Phase.Pending, Phase.Starting, Phase.Running, Phase.Collecting, Phase.Succeeded), h.phases());

    // And after the end, a restart changes nothing.
    String rv = h.get("survivor").getMetadata().getResourceVersion();
    h.cluster.stopOperator();
    h.cluster.startOperator();
    h.create(Harness.threeGroups("marker")); // a later run's progress proves the new operator has reconciled
    h.awaitPhase("marker", Phase.Starting);
    assertEquals(rv, h.get("survivor").getMetadata().getResourceVersion());
  }

  @Test
  void restartWhileCollectingFinishesTheRun() {
    h.cluster.startOperator();
    h.create(Harness.threeGroups("collector"));
    h.awaitPhase("collector", Phase.Starting);
    List<Pod> pods = h.startAll("collector");
    h.awaitPhase("collector", Phase.Running);
    h.cluster.stopOperator();
    h.finishAll("collector", pods);
    // What an operator leaves behind that saw every Job finish, wrote Collecting and died before merging.
    BenchmarkRun r = h.get("collector");
    r.getStatus().setPhase(Phase.Collecting);
    h.runs().resource(r).updateStatus();
    h.cluster.startOperator();
    BenchmarkRun done = h.awaitPhase("collector", Phase.Succeeded);
    assertEquals(5, done.getStatus().getPods().getResults());
    assertEquals(h.expectedCount.get("get {bufferSize=4096}"), done.getStatus().getResults().get(0).getCount());
  }
}
