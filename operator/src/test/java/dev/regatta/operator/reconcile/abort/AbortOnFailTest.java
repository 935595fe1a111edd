package dev.regatta.operator.reconcile.abort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.operator.reconcile.live.PointSoFar;
import dev.regatta.result.Histograms;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The abortOnFail judge on hand-built live state: each point's fleet figures so far, judged once the point has
 * measured for the criterion's delay, on the pooled histogram (never a pod's), with the definitions of a result row.
 */
class AbortOnFailTest {
  private static Threshold t(String expr, String delay) {
    Threshold t = new Threshold(expr);
    t.setAbortOnFail(true);
    t.setDelayAbortEval(delay);
    return t;
  }

  private static List<AbortOnFail.Watched> watched(Threshold... ts) {
    return AbortOnFail.watched(List.of(ts));
  }

  private static Histogram latencies(long micros, int n) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(micros, n);
    return h;
  }

  /** A point whose fleet intervals of {@code secondsEach} each held {@code h} (count = its total, no errors). */
  private static PointSoFar point(String scenario, Map<String, String> params, Histogram h, int intervals,
      double secondsEach) {
    PointSoFar p = new PointSoFar(scenario, params);
    for (int i = 0; i < intervals; i++) {
      p.add(h, h.getTotalCount(), 0, 0, 0);
      long ms = Math.round(secondsEach * 1000);
      p.measured(0, 1_000_000L + ms * i, 1_000_000L + ms * (i + 1));
    }
    return p;
  }

  @Test
  void aBreachFiresOnlyOnceThePointHasMeasuredForTheDelay() {
    List<AbortOnFail.Watched> w = watched(t("p99 < 1ms", "3s"));
    Histogram slow = latencies(5_000, 100);
    assertEquals(Optional.empty(), AbortOnFail.breach(w, List.of(point("get", Map.of(), slow, 2, 1.0))),
        "2 s measured: still in its grace period");
    PointSoFar three = point("get", Map.of(), slow, 3, 1.0);
    LiveBreach b = AbortOnFail.breach(w, List.of(three)).orElseThrow();
    assertEquals(slow.getValueAtPercentile(99), b.observed());
    assertEquals(0, b.index());
    assertEquals(3.0, b.seconds());
    assertEquals(1_003_000L, b.endMillis(), "the latest fleet interval's end");
    assertTrue(b.message().startsWith("aborted on a live breach of spec.thresholds[0] 'p99 < 1ms' (abortOnFail): "
        + "5.00ms on get, bound < 1.00ms; the fleet's figure over the 3.0 s the point had measured"), b.message());
    assertTrue(b.message().endsWith("(delayAbortEval 3s)"), b.message());
    ThresholdResult r = b.result();
    assertFalse(r.getPassed());
    assertEquals(5_000.0, r.getObservedValue(), 5, "within the histogram's precision");
    assertEquals(1_000.0, r.getBoundValue());
    assertEquals("us", r.getUnit());
    assertEquals("get", r.getRow());
  }

  @Test
  void withoutADelayTheFirstCompleteIntervalIsJudged() {
    assertTrue(AbortOnFail.breach(watched(t("p99 < 1ms", null)), List.of(point("get", Map.of(),
        latencies(5_000, 10), 1, 1.0))).isPresent());
  }

  @Test
  void aBoundTheFiguresMeetNeverFires() {
    List<AbortOnFail.Watched> w = watched(t("p99 < 10ms", null), t("throughput > 50/s", null),
        t("errorRate < 1%", null));
    assertEquals(Optional.empty(), AbortOnFail.breach(w, List.of(point("get", Map.of(), latencies(5_000, 100), 4, 1.0))));
  }

  /**
   * The fleet's p99, from the pods' histograms added up: one pod's 10 slow operations among 1,000 of the other's
   * fast ones are under 1% of the fleet's, so the fleet meets 'p99 < 2ms' though that pod's own p99 is 100 ms.
   */
  @Test
  void judgedOnThePooledHistogramNeverOnAPod() {
    Histogram fast = latencies(1_000, 1_000);
    Histogram slowPod = latencies(100_000, 10);
    PointSoFar p = new PointSoFar("get", Map.of());
    p.add(fast, 1_000, 0, 0, 0);
    p.add(slowPod, 10, 0, 0, 0);
    p.measured(0, 1_000_000L, 1_001_000L);
    assertTrue(slowPod.getValueAtPercentile(99) > 2_000, "that pod alone would breach");
    assertEquals(Optional.empty(), AbortOnFail.breach(watched(t("p99 < 2ms", null)), List.of(p)));
    Histogram pooled = Histograms.newHistogram();
    pooled.add(fast);
    pooled.add(slowPod);
    LiveBreach b = AbortOnFail.breach(watched(t("p99.9 < 2ms", null)), List.of(p)).orElseThrow();
    assertEquals(pooled.getValueAtPercentile(99.9), b.observed(), "p99.9 of the pooled operations");
  }

  /** Rates as a result row defines them: successes per second, bytes per second, errors of count, dropped of due. */
  @Test
  void ratesAreTheRowsDefinitionsOverTheTimeMeasured() {
    PointSoFar p = new PointSoFar("get", Map.of());
    p.add(latencies(500, 1_000), 1_000, 100, 250, 4_000_000);
    p.measured(0, 1_000_000L, 1_002_000L);
    p.add(latencies(500, 1_000), 1_000, 100, 250, 4_000_000);
    p.measured(1, 1_010_000L, 1_012_000L);
    assertEquals(450.0, AbortOnFail.breach(watched(t("throughput > 500/s", null)), List.of(p)).orElseThrow()
        .observed(), 1e-9, "(2000 - 200 errors) / 4 s: two repeats of 2 s, not the 12 s from first to last");
    assertEquals(2e6, AbortOnFail.breach(watched(t("mbps > 3", null)), List.of(p)).orElseThrow().observed(), 1e-9);
    assertEquals(0.1, AbortOnFail.breach(watched(t("errorRate < 5%", null)), List.of(p)).orElseThrow().observed(),
        1e-12);
    assertEquals(0.2, AbortOnFail.breach(watched(t("droppedRate < 10%", null)), List.of(p)).orElseThrow().observed(),
        1e-12, "500 dropped of 2500 due");
    assertEquals(Optional.empty(), AbortOnFail.breach(watched(t("throughput > 449/s", null), t("errorRate < 11%",
        null), t("droppedRate <= 20%", null), t("mbps >= 2", null)), List.of(p)));
  }

  /**
   * A pod that started its window late closes its intervals off the others' beat, so fleet intervals overlap (the
   * first from the common start to the late pod's first tick, the next from the others' first tick on): the point's
   * time is the span they cover, not their lengths added up. Otherwise the delay would be over too soon and every
   * rate too low.
   */
  @Test
  void offBeatFleetIntervalsDoNotCountTimeTwice() {
    PointSoFar p = new PointSoFar("get", Map.of());
    p.add(latencies(500, 100), 100, 0, 0, 0);
    p.measured(0, 1_000_000L, 1_001_434L);
    p.add(latencies(500, 100), 100, 0, 0, 0);
    p.measured(0, 1_001_000L, 1_002_434L);
    assertEquals(2.434, p.seconds(), 1e-9);
    List<AbortOnFail.Watched> w = watched(t("p99 < 100us", "2.5s"));
    assertEquals(Optional.empty(), AbortOnFail.breach(w, List.of(p)), "2.434 s measured, not 2.868");
    assertEquals(200 / 2.434, AbortOnFail.breach(watched(t("throughput > 1k/s", null)), List.of(p)).orElseThrow()
        .observed(), 1e-9);
  }

  @Test
  void aPointThatCompletedNothingHasNoLatencyButAThroughputOfZero() {
    PointSoFar idle = new PointSoFar("get", Map.of());
    idle.add(Histograms.newHistogram(), 0, 0, 0, 0);
    idle.measured(0, 1_000_000L, 1_005_000L);
    assertEquals(Optional.empty(), AbortOnFail.breach(watched(t("p99 < 1ms", null), t("errorRate < 1%", null)),
        List.of(idle)), "no operation: no latency to judge, no error rate");
    assertEquals(0.0, AbortOnFail.breach(watched(t("throughput > 1/s", null)), List.of(idle)).orElseThrow()
        .observed());
    PointSoFar before = new PointSoFar("get", Map.of());
    assertEquals(Optional.empty(), AbortOnFail.breach(watched(t("throughput > 1/s", null)), List.of(before)),
        "a point with no complete interval has measured nothing yet");
  }

  @Test
  void onlyTheSelectedPointsAreJudgedAndTheWorstIsReported() {
    Threshold onBig = t("p99 < 1ms", null);
    onBig.setScenario("get");
    onBig.setParams(Map.of("size", "64Ki"));
    PointSoFar small = point("get", Map.of("size", "1Ki", "conn", "8"), latencies(9_000, 10), 1, 1.0);
    PointSoFar big = point("get", Map.of("size", "64Ki", "conn", "8"), latencies(3_000, 10), 1, 1.0);
    PointSoFar bigger = point("get", Map.of("size", "64Ki", "conn", "16"), latencies(7_000, 10), 1, 1.0);
    PointSoFar other = point("put", Map.of("size", "64Ki"), latencies(50_000, 10), 1, 1.0);
    LiveBreach b = AbortOnFail.breach(watched(onBig), List.of(small, big, bigger, other)).orElseThrow();
    assertEquals("get {conn=16,size=64Ki}", b.point(), "the worst of the selected points");
    assertEquals(Optional.empty(), AbortOnFail.breach(watched(onBig), List.of(small, other)),
        "the unselected points are not judged");
  }

  @Test
  void theFirstBreachedCriterionInSpecOrderIsReported() {
    List<Threshold> spec = List.of(new Threshold("p99 < 1ms"), t("p99 < 10ms", null), t("p50 < 2ms", null),
        t("max < 3ms", null));
    LiveBreach b = AbortOnFail.breach(AbortOnFail.watched(spec), List.of(point("get", Map.of(), latencies(5_000, 10),
        1, 1.0))).orElseThrow();
    assertEquals(2, b.index(), "[0] does not abort, [1] holds: [2] is the first breached");
    assertEquals("p50 < 2ms", b.criterion());
  }

  /** What cannot be judged live is not watched (the API refuses it; an operator may read an older spec). */
  @Test
  void whatTheLiveFiguresCannotJudgeIsNotWatched() {
    Threshold region = t("p99 < 1ms", null);
    region.setRegion("eu-west-1");
    Threshold off = t("p99 < 1ms", null);
    off.setAbortOnFail(false);
    List<AbortOnFail.Watched> w = AbortOnFail.watched(java.util.Arrays.asList(t("p99 < 1.1 × baseline", null),
        t("checks > 99%", null), region, off, t("p99 <", null), null, t("p99 < 1ms", "2s")));
    assertEquals(1, w.size(), w.toString());
    assertEquals(6, w.get(0).index());
    assertEquals(java.time.Duration.ofSeconds(2), w.get(0).delay());
  }
}
