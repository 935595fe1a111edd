package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.testing.Harness;
import dev.regatta.result.LatencySummary;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three placement groups in two regions, end to end: every phase, exact merged rows, per-region rows. */
class HappyPathTest {
  private Harness h;

  @BeforeEach
  void start() {
    h = new Harness();
    h.cluster.startOperator();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void threeGroupsInTwoRegionsSucceedWithExactMergedResults() {
    h.create(Harness.threeGroups("sweep"));
    h.awaitPhase("sweep", Phase.Starting);
    assertEquals(3, h.jobs("sweep").size());

    List<Pod> pods = h.startAll("sweep");
    BenchmarkRun running = h.awaitPhase("sweep", Phase.Running);
    String startAt = h.runners.startAt("sweep");
    assertNotNull(startAt, "start instant published in the start ConfigMap");
    assertTrue(startAt.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), startAt);
    assertEquals(startAt, running.getStatus().getBarrier().getStartAt());
    assertNotNull(running.getStatus().getBarrier().getWaitSeconds());
    assertEquals("True", running.getStatus().condition(Conditions.RUNNERS_READY).getStatus());

    h.finishAll("sweep", pods);
    BenchmarkRun done = h.awaitPhase("sweep", Phase.Succeeded);
    BenchmarkRunStatus st = done.getStatus();

    Harness.await("every phase seen in order").untilAsserted(() -> assertTrue(h.phases().size() >= 5, () -> h.phases().toString()));
    assertEquals(List.of(Phase.Pending, Phase.Starting, Phase.Running, Phase.Collecting, Phase.Succeeded), h.phases());

    assertEquals(2, st.getResults().size(), "one row per matrix point");
    for (ResultRow row : st.getResults()) {
      String key = row.getScenario() + " " + row.getParams();
      assertEquals(h.expectedCount.get(key), row.getCount(), "count is the pooled count, exactly");
      assertEquals(LatencySummary.of(h.expected.get(key)), row.getLatencyMicros(), "percentiles of all samples pooled");
      assertEquals(5, row.getPods());
      assertEquals(2, row.getRepeats());
      assertEquals(List.of("eu-west-1", "us-east-1"), row.getByRegion().stream().map(ResultRow.RegionRow::getRegion).toList());
      for (ResultRow.RegionRow region : row.getByRegion()) {
        assertEquals(LatencySummary.of(h.expected.get(key + " @" + region.getRegion())), region.getLatencyMicros());
        assertEquals(h.expected.get(key + " @" + region.getRegion()).getTotalCount(), region.getCount());
      }
      assertEquals(3, row.getByRegion().get(0).getPods());
      assertEquals(2, row.getByRegion().get(1).getPods());
    }
    assertEquals(Map.of("bufferSize", "4096"), st.getResults().get(0).getParams(), "rows in plan order");

    assertEquals("5/5", st.getPodSummary());
    assertEquals(5, st.getPods().getResults());
    assertNull(st.getPartial());
    assertEquals(st.getResults().get(0).getCount(), st.getSummary().getCount());
    assertTrue(st.getSummary().getThroughput().endsWith("/s"), st.getSummary().getThroughput());
    assertTrue(st.getSummary().getP99().endsWith("s"), st.getSummary().getP99());
    assertNotNull(st.getBarrier().getSkewMillis());
    assertEquals(h.expectedSkewMillis(), st.getBarrier().getSkewMillis(), 0.001, "skew: max - min measured start");
    assertTrue(st.getResultsLocation().contains("regatta.dev/run=sweep"), st.getResultsLocation());
    assertEquals(done.getMetadata().getGeneration(), st.getObservedGeneration());
    assertTrue(Instant.parse(st.getCompletionTime()).isAfter(Instant.parse(st.getStartTime()).minusMillis(1)));
    assertEquals("True", st.condition(Conditions.COMPLETED).getStatus());
    assertEquals("Succeeded", st.condition(Conditions.COMPLETED).getReason());
    assertEquals("True", st.condition(Conditions.ACCEPTED).getStatus());
    assertEquals("False", st.condition(Conditions.DEGRADED).getStatus(), "no fault: every pod on time, none lost");
    assertNull(st.getFaults());
    assertEquals(0L, st.getSummary().getErrors());

    List<String> expectedEvents = List.of("Accepted", "Starting", "Running", "Collecting", "Succeeded");
    Harness.await("an Event per phase").untilAsserted(() -> assertTrue(h.events("sweep").size() >= expectedEvents.size(), () -> h.events("sweep").stream().map(Event::getReason).toList().toString()));
    assertEquals(expectedEvents, h.events("sweep").stream().map(Event::getReason).toList());
    assertTrue(h.events("sweep").stream().allMatch(e -> "Normal".equals(e.getType())));
    assertTrue(h.cluster.operator().registry().scrape().contains("regatta_runs{phase=\"Succeeded\"} 1.0"),
        "runs by phase on /metrics");
  }
}
