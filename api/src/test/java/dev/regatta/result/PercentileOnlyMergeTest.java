package dev.regatta.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.ResultRow;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A tool that prints only percentiles (wrk --latency) is a pod's own row, never part of a fleet percentile. */
class PercentileOnlyMergeTest {
  private static ScenarioResult histogramWindow(long micros, int n) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(micros, n);
    return new ScenarioResult("s", Map.of(), 0, n, 0, null, 0, 1.0, n, 0, 0, LatencySummary.of(h),
        Histograms.encode(h), null, null, null);
  }

  private static ScenarioResult percentileOnlyWindow(long p99, int n) {
    LatencySummary tool = new LatencySummary();
    tool.setP50(p99 / 2);
    tool.setP99(p99);
    return new ScenarioResult("s", Map.of(), 0, n, 1, Map.of("socket_timeout", 1L), 0, 1.0, n, 0, 0, tool, null,
        null, null, null, null, null, null, null, null, null, null, false, null);
  }

  private static ResultDocument doc(String pod, String region, ScenarioResult r) {
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", pod, "p", region, null, 0, null, null, null,
        null, List.of(r), null);
  }

  @Test
  void aPercentileOnlyPodCountsButLeavesNoFleetPercentileAndIsNamed() {
    ResultMerger.Merged m = ResultMerger.merge(List.of(
        doc("a", "eu", histogramWindow(100, 1000)),
        doc("b", "eu", percentileOnlyWindow(90_000, 500)),
        doc("c", "us", histogramWindow(200, 1000))));
    ResultRow row = m.rows().get(0);
    assertEquals(2500, row.getCount(), "counts are sums, percentile-only or not");
    assertEquals(1, row.getErrors());
    assertNull(row.getLatencyMicros(), "no fleet percentile can be made from a pod's percentiles");
    assertEquals(List.of("b"), row.getPercentileOnlyPods());
    assertFalse(m.histograms().containsKey(new ResultMerger.Key("s", Map.of())),
        "the histogram without pod b is not the row's distribution");
    ResultRow.RegionRow eu = row.getByRegion().get(0);
    ResultRow.RegionRow us = row.getByRegion().get(1);
    assertEquals("eu", eu.getRegion());
    assertNull(eu.getLatencyMicros());
    assertEquals(List.of("b"), eu.getPercentileOnlyPods());
    assertEquals(200, us.getLatencyMicros().getP99(), 1, "a region without such pods merges as always");
    assertNull(us.getPercentileOnlyPods());
  }

  @Test
  void aPodsOwnRowShowsItsToolsPercentilesAsPrinted() {
    ResultRow own = ResultMerger.merge(List.of(doc("b", "eu", percentileOnlyWindow(90_000, 500)))).rows().get(0);
    assertEquals(90_000L, own.getLatencyMicros().getP99());
    assertEquals(List.of("b"), own.getPercentileOnlyPods());
  }

  @Test
  void twoPercentileOnlyWindowsAreNeverAveraged() {
    ResultRow row = ResultMerger.merge(List.of(doc("a", "eu", percentileOnlyWindow(1_000, 10)),
        doc("b", "eu", percentileOnlyWindow(9_000, 10)))).rows().get(0);
    assertNull(row.getLatencyMicros());
    assertEquals(List.of("a", "b"), row.getPercentileOnlyPods());
    assertTrue(row.getThroughputPerSecond() > 0);
  }
}
