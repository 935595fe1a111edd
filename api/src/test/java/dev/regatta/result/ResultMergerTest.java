package dev.regatta.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.ResultRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultMergerTest {
  private static final Map<String, String> SMALL = Map.of("bufferSize", "4096");
  private static final Map<String, String> LARGE = Map.of("bufferSize", "65536");

  /** Samples of one pod in one window: a different latency shape per pod, so averaging p99s would be wrong. */
  private static long[] samples(Random rnd, int n, long base, long tail) {
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = rnd.nextInt(100) < 2 ? tail + rnd.nextInt((int) tail) : base + rnd.nextInt((int) base);
    }
    return s;
  }

  private static ScenarioResult window(String name, Map<String, String> params, int repeat, long[] samples,
      double seconds, long errors, long dropped, long bytes) {
    Histogram h = Histograms.newHistogram();
    for (long v : samples) {
      Histograms.recordMicros(h, v);
    }
    return new ScenarioResult(name, params, repeat, samples.length, errors, null, dropped, seconds,
        samples.length / seconds, bytes / seconds, bytes, LatencySummary.of(h), Histograms.encode(h), null, null,
        null);
  }

  private static ResultDocument doc(String pod, String region, List<ScenarioResult> results) {
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", pod, "p", region, null, 0, null, null,
        null, null, results, null);
  }

  @Test
  void mergedPercentilesEqualThoseOfAllSamplesPooledAndCountsAreExact() {
    Random rnd = new Random(42);
    String[] pods = {"a-0", "a-1", "b-0", "c-0"};
    String[] regions = {"eu-west-1", "eu-west-1", "us-east-1", "us-east-1"};
    long[][] base = {{100, 5_000}, {300, 20_000}, {1_000, 90_000}, {50, 2_000}};
    Histogram pooledSmall = Histograms.newHistogram();
    Histogram pooledSmallEu = Histograms.newHistogram();
    long pooledCount = 0;
    double[] repeatThroughput = new double[2];
    List<ResultDocument> docs = new ArrayList<>();
    for (int p = 0; p < pods.length; p++) {
      List<ScenarioResult> rs = new ArrayList<>();
      for (int repeat = 0; repeat < 2; repeat++) {
        long[] s = samples(rnd, 5_000 + 1_000 * p + 777 * repeat, base[p][0], base[p][1]);
        double seconds = 10.0 + p; // windows differ slightly: throughput is per pod count / its own window
        for (long v : s) {
          Histograms.recordMicros(pooledSmall, v);
          if (regions[p].equals("eu-west-1")) {
            Histograms.recordMicros(pooledSmallEu, v);
          }
        }
        pooledCount += s.length;
        repeatThroughput[repeat] += s.length / seconds;
        rs.add(window("read", SMALL, repeat, s, seconds, p, 2 * p, 4096L * s.length));
        rs.add(window("read", LARGE, repeat, samples(rnd, 100, 10, 100), 1.0, 0, 0, 0));
      }
      docs.add(doc(pods[p], regions[p], rs));
    }

    ResultMerger.Merged merged = ResultMerger.merge(docs);

    assertEquals(2, merged.rows().size());
    ResultRow small = merged.rows().get(0);
    assertEquals("read", small.getScenario());
    assertEquals(SMALL, small.getParams());
    assertEquals(pooledCount, small.getCount());
    assertEquals(0 + 1 + 2 + 3, small.getErrors() / 2); // each pod reported p errors per repeat
    assertEquals(LatencySummary.of(pooledSmall), small.getLatencyMicros());
    assertEquals(4, small.getPods());
    assertEquals(2, small.getRepeats());
    double mean = (repeatThroughput[0] + repeatThroughput[1]) / 2;
    assertEquals(mean, small.getThroughputPerSecond(), 0.01);
    double sd = Math.sqrt(Math.pow(repeatThroughput[0] - mean, 2) + Math.pow(repeatThroughput[1] - mean, 2));
    assertEquals(sd, small.getThroughputStddev(), 0.01);

    // Within the histogram's precision (3 significant digits) of the exact sample percentile.
    long exactP99 = pooledSmall.getValueAtPercentile(99);
    assertTrue(Math.abs(small.getLatencyMicros().getP99() - exactP99) <= exactP99 / 1000 + 1);
    // ... and far from the wrong answer an average of per-pod p99s would give.
    double averagedP99 = docs.stream().mapToLong(d -> d.scenarios().get(0).latencyMicros().getP99()).average().orElse(0);
    assertNotEquals(Math.round(averagedP99), small.getLatencyMicros().getP99());

    assertEquals(List.of("eu-west-1", "us-east-1"), small.getByRegion().stream().map(ResultRow.RegionRow::getRegion).toList());
    ResultRow.RegionRow eu = small.getByRegion().get(0);
    assertEquals(2, eu.getPods());
    assertEquals(pooledSmallEu.getTotalCount(), eu.getCount());
    assertEquals(LatencySummary.of(pooledSmallEu), eu.getLatencyMicros());
    assertEquals(small.getCount(), small.getByRegion().stream().mapToLong(ResultRow.RegionRow::getCount).sum());
    assertEquals(4, merged.pods());
  }

  @Test
  void rowsFollowPlanOrderAndSingleRepeatHasNoStddev() {
    Random rnd = new Random(7);
    Map<String, String> ordered = new LinkedHashMap<>();
    ordered.put("transport", "redis");
    ordered.put("bufferSize", "1024");
    ResultDocument d = doc("x-0", null, List.of(
        window("b", Map.of(), 0, samples(rnd, 10, 5, 50), 1, 0, 0, 0),
        window("a", ordered, 0, samples(rnd, 10, 5, 50), 2, 0, 0, 0)));
    ResultMerger.Merged m = ResultMerger.merge(List.of(d));
    assertEquals(List.of("b", "a"), m.rows().stream().map(ResultRow::getScenario).toList());
    assertEquals(List.of("transport", "bufferSize"), new ArrayList<>(m.rows().get(1).getParams().keySet()));
    assertNull(m.rows().get(0).getThroughputStddev());
    assertEquals(10.0, m.rows().get(0).getThroughputPerSecond());
    assertEquals(ResultMerger.NO_REGION, m.rows().get(0).getByRegion().get(0).getRegion());
  }

  @Test
  void successPerSecondCountsOnlySuccessfulOperationsPerPodWindow() {
    Random rnd = new Random(7);
    // pod a: 1000 operations in 2 s, 250 failed; pod b: 500 in 1 s, none failed (an iterations window)
    ResultDocument a = doc("a", "eu", List.of(window("get", Map.of(), 0, samples(rnd, 1000, 100, 1000), 2.0, 250, 0, 0)));
    ResultDocument b = doc("b", "eu", List.of(window("get", Map.of(), 0, samples(rnd, 500, 100, 1000), 1.0, 0, 0, 0)));
    ResultRow row = ResultMerger.merge(List.of(a, b)).rows().get(0);
    assertEquals(1000.0, row.getThroughputPerSecond(), 1e-9, "500/s + 500/s, errors included");
    assertEquals(875.0, row.getSuccessPerSecond(), 1e-9, "750/2 s + 500/1 s");
    assertEquals(250L, row.getErrors());
    assertEquals(875.0, row.getByRegion().get(0).getSuccessPerSecond(), 1e-9);
  }
}
