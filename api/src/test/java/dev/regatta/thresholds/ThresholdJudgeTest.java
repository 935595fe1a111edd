package dev.regatta.thresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.result.CheckCount;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultMerger;
import dev.regatta.result.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Criteria judged on the merged rows: the observed value is the merged row's own figure, a region is judged on
 * its own pods only, and a criterion with nothing to judge fails with the reason.
 */
class ThresholdJudgeTest {
  private static final Map<String, String> SMALL = Map.of("size", "4096");
  private static final Map<String, String> LARGE = Map.of("size", "65536");

  private static long[] latencies(int n, long base, long step) {
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = base + i * step;
    }
    return s;
  }

  private static ScenarioResult window(String name, Map<String, String> params, long[] samples, long errors,
      long dropped, long bytes) {
    Histogram h = Histograms.newHistogram();
    for (long v : samples) {
      Histograms.recordMicros(h, v);
    }
    return new ScenarioResult(name, params, 0, samples.length, errors, null, dropped, 10.0, samples.length / 10.0,
        bytes / 10.0, bytes, LatencySummary.of(h), Histograms.encode(h), null, null, null);
  }

  private static ResultDocument doc(String pod, String region, ScenarioResult... results) {
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", pod, "p", region, null, 0, null, null,
        null, null, List.of(results), null);
  }

  /** Two regions: eu's pods are fast, us's pod slow; two points of "get", one row of "put". */
  private static ResultMerger.Merged fleet() {
    List<ResultDocument> docs = new ArrayList<>();
    docs.add(doc("eu-0", "eu-west-1", window("get", SMALL, latencies(1000, 100, 1), 5, 0, 1_000_000),
        window("get", LARGE, latencies(500, 400, 2), 0, 0, 32_000_000), window("put", Map.of(), latencies(10, 50, 1), 0, 3, 0)));
    docs.add(doc("eu-1", "eu-west-1", window("get", SMALL, latencies(1000, 120, 1), 0, 0, 1_000_000),
        window("get", LARGE, latencies(500, 420, 2), 0, 0, 32_000_000), window("put", Map.of(), latencies(10, 60, 1), 0, 1, 0)));
    docs.add(doc("us-0", "us-east-1", window("get", SMALL, latencies(1000, 5_000, 10), 10, 0, 1_000_000),
        window("get", LARGE, latencies(500, 9_000, 10), 0, 0, 32_000_000), window("put", Map.of(), latencies(10, 70, 1), 0, 0, 0)));
    return ResultMerger.merge(docs);
  }

  private static Threshold t(String expr, String scenario, Map<String, String> params, String region) {
    Threshold t = new Threshold(expr);
    t.setScenario(scenario);
    t.setParams(params);
    t.setRegion(region);
    return t;
  }

  private static ThresholdResult judge(Threshold t, ResultMerger.Merged m) {
    return ThresholdJudge.judge(List.of(t), m).results().get(0);
  }

  private static ResultRow row(ResultMerger.Merged m, String scenario, Map<String, String> params) {
    return m.rows().stream().filter(r -> r.getScenario().equals(scenario) && r.getParams().equals(params))
        .findFirst().orElseThrow();
  }

  @Test
  void theObservedValueIsTheMergedRowsOwnFigure() {
    ResultMerger.Merged m = fleet();
    ResultRow small = row(m, "get", SMALL);
    ThresholdResult r = judge(t("p99 < 1s", "get", SMALL, null), m);
    assertTrue(r.getPassed());
    assertEquals(small.getLatencyMicros().getP99().doubleValue(), r.getObservedValue());
    assertEquals("get {size=4096}", r.getRow());
    assertEquals("< 1.00s", r.getBound());
    assertEquals(1e6, r.getBoundValue());
    assertEquals("us", r.getUnit());
    assertEquals(1, r.getRows());
    assertEquals(0, r.getFailedRows());

    ThresholdResult tight = judge(t("p99 < 1ms", "get", SMALL, null), m);
    assertFalse(tight.getPassed());
    assertEquals(small.getLatencyMicros().getP99().doubleValue(), tight.getObservedValue(),
        "the fleet's p99 (pooled histogram), not any pod's");
  }

  @Test
  void everySelectedRowMustPassAndTheWorstIsReported() {
    ResultMerger.Merged m = fleet();
    ThresholdResult r = judge(t("p50 < 3ms", "get", null, null), m);
    // small: p50 of 3000 samples of which 2000 are ~100-1120us -> passes; large: half the samples ~9ms -> ?
    double smallP50 = row(m, "get", SMALL).getLatencyMicros().getP50();
    double largeP50 = row(m, "get", LARGE).getLatencyMicros().getP50();
    assertEquals(2, r.getRows());
    assertEquals(Math.max(smallP50, largeP50), r.getObservedValue());
    assertEquals((smallP50 < 3000 ? 0 : 1) + (largeP50 < 3000 ? 0 : 1), r.getFailedRows());

    ThresholdResult tput = judge(t("throughput > 1", null, null, null), m);
    assertEquals(3, tput.getRows(), "every row of every scenario");
    double lowest = m.rows().stream().mapToDouble(ResultRow::getSuccessPerSecond).min().orElseThrow();
    assertEquals(lowest, tput.getObservedValue(), "a lower bound reports the lowest row");
    assertEquals("put", tput.getRow());
  }

  @Test
  void aRegionIsJudgedOnItsOwnPodsOnly() {
    ResultMerger.Merged m = fleet();
    ResultRow small = row(m, "get", SMALL);
    ResultRow.RegionRow eu = small.getByRegion().stream().filter(r -> r.getRegion().equals("eu-west-1")).findFirst()
        .orElseThrow();
    ResultRow.RegionRow us = small.getByRegion().stream().filter(r -> r.getRegion().equals("us-east-1")).findFirst()
        .orElseThrow();
    ThresholdResult inEu = judge(t("p99 < 2ms", "get", SMALL, "eu-west-1"), m);
    assertTrue(inEu.getPassed(), inEu.describe());
    assertEquals(eu.getLatencyMicros().getP99().doubleValue(), inEu.getObservedValue());
    assertEquals("get {size=4096} region=eu-west-1", inEu.getRow());
    ThresholdResult inUs = judge(t("p99 < 2ms", "get", SMALL, "us-east-1"), m);
    assertFalse(inUs.getPassed());
    assertEquals(us.getLatencyMicros().getP99().doubleValue(), inUs.getObservedValue());
    ThresholdResult each = judge(t("p99 < 2ms", "get", SMALL, "*"), m);
    assertFalse(each.getPassed());
    assertEquals(2, each.getRows());
    assertEquals(1, each.getFailedRows(), "one region fails, the other passes");
    assertEquals("get {size=4096} region=us-east-1", each.getRow());
  }

  @Test
  void p95IsReadFromTheMergedHistogramOfTheRowOrRegion() {
    ResultMerger.Merged m = fleet();
    ResultMerger.Key key = new ResultMerger.Key("get", SMALL);
    ThresholdResult fleet = judge(t("p95 < 1s", "get", SMALL, null), m);
    assertEquals((double) m.histograms().get(key).getValueAtPercentile(95), fleet.getObservedValue());
    ThresholdResult eu = judge(t("p95 < 1s", "get", SMALL, "eu-west-1"), m);
    assertEquals((double) m.regionHistograms().get(key).get("eu-west-1").getValueAtPercentile(95),
        eu.getObservedValue());
    assertTrue(eu.getObservedValue() < fleet.getObservedValue(), "eu alone is faster than the fleet");
  }

  @Test
  void ratesAreCountedOverTheMergedRow() {
    ResultMerger.Merged m = fleet();
    ThresholdResult errors = judge(t("errorRate <= 0.5%", "get", SMALL, null), m);
    assertEquals(15.0 / 3000, errors.getObservedValue(), "5 + 0 + 10 errors of 3000");
    assertTrue(errors.getPassed());
    assertEquals("0.5%", errors.getObserved());
    assertFalse(judge(t("errorRate < 0.4%", "get", SMALL, null), m).getPassed());
    ThresholdResult dropped = judge(t("droppedRate <= 10%", "put", null, null), m);
    assertEquals(4.0 / 34, dropped.getObservedValue(), "4 dropped of 30 sent + 4 due");
    assertFalse(dropped.getPassed());
    ThresholdResult mbps = judge(t("mbps > 9", "get", LARGE, null), m);
    assertEquals(row(m, "get", LARGE).getBytesPerSecond(), mbps.getObservedValue());
    assertTrue(mbps.getPassed(), mbps.describe());
  }

  /** One HTTP window of "api" with these check counts (name, passes, fails, ...). */
  private static ScenarioResult checked(Object... counts) {
    Histogram h = Histograms.newHistogram();
    Histograms.recordMicros(h, 100);
    Map<String, CheckCount> checks = new java.util.LinkedHashMap<>();
    for (int i = 0; i < counts.length; i += 3) {
      checks.put((String) counts[i], new CheckCount((Long) counts[i + 1], (Long) counts[i + 2]));
    }
    return new ScenarioResult("api", Map.of(), 0, 1, 0, null, 0, 10.0, 0.1, 0, 0, LatencySummary.of(h),
        Histograms.encode(h), null, null, null, null, null, checks, null, null, null, null);
  }

  @Test
  void checksAreJudgedOnTheSummedCountsNotOnAveragedRates() {
    // pod 0: status-ok 990/1000, body 1000/1000; pod 1: status-ok 10/10, body 5/10
    ResultMerger.Merged m = ResultMerger.merge(List.of(
        doc("a-0", "eu-west-1", checked("status-ok", 990L, 10L, "body", 1000L, 0L)),
        doc("a-1", "us-east-1", checked("status-ok", 10L, 0L, "body", 5L, 5L))));
    ThresholdResult ok = judge(t("check(status-ok) > 99.5%", null, null, null), m);
    assertEquals(1000.0 / 1010, ok.getObservedValue(), "1000 passes of 1010: the pods' rates averaged would "
        + "be 99.5%, exactly the bound");
    assertFalse(ok.getPassed(), ok.describe());
    assertTrue(judge(t("check(status-ok) > 99%", null, null, null), m).getPassed());
    ThresholdResult all = judge(t("checks >= 99.2%", "api", null, null), m);
    assertEquals(2005.0 / 2020, all.getObservedValue(), "every check of the row: 1000 + 1005 of 1010 + 1010");
    assertTrue(all.getPassed(), all.describe());
    assertEquals("99.3%", all.getObserved());
    assertEquals("ratio", all.getUnit());
    assertFalse(judge(t("checks > 99.5%", null, null, null), m).getPassed());
  }

  @Test
  void aCheckTheRowDoesNotHaveFailsWithTheReason() {
    ResultMerger.Merged m = ResultMerger.merge(List.of(doc("a-0", null, checked("status-ok", 5L, 0L))));
    ThresholdResult unknown = judge(t("check(body) > 99%", null, null, null), m);
    assertFalse(unknown.getPassed());
    assertEquals("api has no check named 'body'; its checks: [status-ok]: check(body) cannot be judged",
        unknown.getReason());
    ThresholdResult none = judge(t("checks > 99%", null, null, null), fleet());
    assertFalse(none.getPassed());
    assertTrue(none.getReason().endsWith("has no checks (http.expect): checks cannot be judged"), none.getReason());
    ThresholdResult region = judge(t("checks > 99%", null, null, "*"),
        ResultMerger.merge(List.of(doc("a-0", "eu-west-1", checked("status-ok", 5L, 0L)))));
    assertFalse(region.getPassed(), "a region row has no check counts: never a pass for want of a number");
    assertTrue(region.getReason().contains("checks are merged for the fleet, not per region"), region.getReason());
    ThresholdResult unchecked = judge(t("checks > 99%", null, null, null),
        ResultMerger.merge(List.of(doc("a-0", null, checked("status-ok", 0L, 0L)))));
    assertFalse(unchecked.getPassed());
    assertEquals("api checked no response: checks cannot be judged", unchecked.getReason());
  }

  private static ThresholdResult judge(Threshold t, ResultMerger.Merged m, BaselineRows baseline) {
    return ThresholdJudge.judge(List.of(t), m, baseline).results().get(0);
  }

  /** The fleet with every latency times {@code slower} (and so fewer operations in the same window). */
  private static ResultMerger.Merged fleet(double slower) {
    List<ResultDocument> docs = new ArrayList<>();
    for (String[] pod : new String[][] {{"eu-0", "eu-west-1"}, {"us-0", "us-east-1"}}) {
      long base = pod[1].startsWith("eu") ? 1_000 : 2_000;
      docs.add(doc(pod[0], pod[1], window("get", SMALL, latencies((int) (1000 / slower), (long) (base * slower),
          (long) Math.max(1, slower)), 0, 0, 1_000_000)));
    }
    return ResultMerger.merge(docs);
  }

  @Test
  void aRelativeBoundComparesEachRowWithTheSameRowOfTheBaseline() {
    BaselineRows yesterday = BaselineRows.of("nightly-41", fleet(1.0).rows());
    ResultMerger.Merged same = fleet(1.0);
    ThresholdResult p99 = judge(t("p99 < 1.10 × baseline", "get", null, null), same, yesterday);
    assertTrue(p99.getPassed(), p99.describe());
    double base = row(fleet(1.0), "get", SMALL).getLatencyMicros().getP99();
    assertEquals(base, p99.getBaselineValue(), "the baseline run's own merged p99");
    assertEquals(base * 1.1, p99.getBoundValue(), 1e-9);
    assertEquals("nightly-41", p99.getBaseline());

    ResultMerger.Merged slower = fleet(2.0);
    ThresholdResult slow = judge(t("p99 < 1.10 × baseline", "get", null, null), slower, yesterday);
    assertFalse(slow.getPassed(), "twice as slow misses 1.10 × the baseline");
    assertEquals(row(slower, "get", SMALL).getLatencyMicros().getP99().doubleValue(), slow.getObservedValue());
    assertTrue(slow.describe().startsWith("p99 < 1.10 × baseline [scenario=get]: " + slow.getObserved()
        + " on get {size=4096} (bound < "), slow.describe());
    assertTrue(slow.describe().endsWith(" from baseline nightly-41)"), slow.describe());
    ThresholdResult tput = judge(t("throughput > 0.95 × baseline", "get", null, null), slower, yesterday);
    assertFalse(tput.getPassed(), "half the operations: below 0.95 × the baseline's");
    assertTrue(judge(t("throughput > 0.4 × baseline", "get", null, null), slower, yesterday).getPassed());
  }

  @Test
  void eachRegionIsComparedWithTheSameRegionOfTheBaseline() {
    // the baseline's eu is as slow as today's us: a region compared with the fleet or another region would pass
    ResultMerger.Merged today = fleet(1.0);
    ThresholdResult each = judge(t("p99 < 1.05 × baseline", "get", SMALL, "*"), today,
        BaselineRows.of("b", fleet(1.0).rows()));
    assertTrue(each.getPassed(), each.describe());
    assertEquals(2, each.getRows());
    ResultRow.RegionRow eu = row(today, "get", SMALL).getByRegion().stream()
        .filter(r -> r.getRegion().equals("eu-west-1")).findFirst().orElseThrow();
    ThresholdResult inEu = judge(t("p99 < 1.05 × baseline", "get", SMALL, "eu-west-1"), today,
        BaselineRows.of("b", fleet(1.0).rows()));
    assertEquals(eu.getLatencyMicros().getP99().doubleValue(), inEu.getBaselineValue());
  }

  @Test
  void withoutABaselineRowARelativeBoundFailsWithTheReason() {
    ResultMerger.Merged today = fleet();
    ThresholdResult otherMatrix = judge(t("p99 < 1.1 × baseline", "get", null, null), today,
        BaselineRows.of("nightly-41", fleet(1.0).rows()));
    assertFalse(otherMatrix.getPassed(), "a row the baseline does not have is no pass");
    assertEquals("get {size=65536} has no row in baseline run nightly-41 (scenario, params and region must match): "
        + "p99 cannot be compared", otherMatrix.getReason());
    assertEquals(2, otherMatrix.getFailedRows(), "the large row has no counterpart; the small one is slower");
    ThresholdResult missing = judge(t("p99 < 1.1 × baseline", null, null, null), today,
        BaselineRows.unusable("nightly-41", "run nightly-41 is Running: it has not finished"));
    assertFalse(missing.getPassed());
    assertEquals("no baseline: run nightly-41 is Running: it has not finished", missing.getReason());
    assertEquals(3, missing.getFailedRows());
    ThresholdResult none = judge(t("p99 < 1.1 × baseline", null, null, null), today, null);
    assertFalse(none.getPassed());
    assertEquals("relative to a baseline, but the run names none (spec.baseline)", none.getReason());
    ThresholdResult empty = judge(t("throughput > 0.9 × baseline", "get", SMALL, null), fleet(1.0),
        BaselineRows.of("b", ResultMerger.merge(List.of(doc("x", "eu-west-1",
            window("get", SMALL, new long[0], 0, 0, 0)))).rows()));
    assertFalse(empty.getPassed());
    assertTrue(empty.getReason().contains("in baseline run b: measured no operation"), empty.getReason());
  }

  @Test
  void aSelectionWithoutRowsFailsWithTheReason() {
    ResultMerger.Merged m = fleet();
    ThresholdResult none = judge(t("p99 < 1s", "scan", null, null), m);
    assertFalse(none.getPassed());
    assertEquals("no merged row matches scenario=scan (no result arrived for it)", none.getReason());
    assertNull(none.getObservedValue());
    ThresholdResult noRegion = judge(t("p99 < 1s", "get", null, "ap-south-1"), m);
    assertFalse(noRegion.getPassed());
    assertTrue(noRegion.getReason().startsWith("no merged row matches scenario=get region=ap-south-1"));
    assertFalse(ThresholdJudge.judge(List.of(t("p99 < 1s", null, null, null), t("p99 < 1s", "scan", null, null)), m)
        .passed(), "one criterion without rows fails the verdict");
  }

  @Test
  void aRowThatMeasuredNothingIsNeverAPass() {
    ResultMerger.Merged m = ResultMerger.merge(List.of(doc("p-0", null, window("get", Map.of(), new long[0], 0, 0, 0))));
    ThresholdResult r = judge(t("p99 < 1s", null, null, null), m);
    assertFalse(r.getPassed(), "an empty histogram reads p99 = 0, which must not pass");
    assertEquals("get measured no latency: p99 cannot be judged", r.getReason());
    assertFalse(judge(t("errorRate < 1%", null, null, null), m).getPassed());
  }

  @Test
  void theVerdictCountsTheCriteriaThatHeld() {
    ResultMerger.Merged m = fleet();
    ThresholdJudge.Verdict v = ThresholdJudge.judge(List.of(t("p99 < 1s", null, null, null),
        t("p99 < 1ms", "get", SMALL, null), t("errorRate < 1%", null, null, null)), m);
    assertFalse(v.passed());
    assertEquals("Failed 2/3", v.summary());
    assertEquals(1, v.failed().size());
    assertEquals("Passed 1/1", ThresholdJudge.judge(List.of(t("p99 < 1s", null, null, null)), m).summary());
  }
}
