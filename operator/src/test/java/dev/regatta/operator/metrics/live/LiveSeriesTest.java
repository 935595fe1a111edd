package dev.regatta.operator.metrics.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.live.LiveInterval;
import dev.regatta.operator.metrics.Exposition;
import dev.regatta.operator.reconcile.live.IntervalKey;
import dev.regatta.operator.reconcile.live.LiveListener;
import dev.regatta.result.Histograms;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LiveSeriesTest {
  private final Set<String> existing = ConcurrentHashMap.newKeySet();
  private final LiveSeries series = new LiveSeries(() -> existing);

  private static Histogram latencies(long seed, int n, long tail) {
    Random rnd = new Random(seed);
    Histogram h = Histograms.newHistogram();
    for (int i = 0; i < n; i++) {
      Histograms.recordMicros(h, i % 50 == 0 ? tail : 100 + rnd.nextInt(5000));
    }
    return h;
  }

  private static LiveInterval interval(long seq, long index, Map<String, String> params, Histogram h) {
    return new LiveInterval(seq, index, "get", params, 0, 1000 * index, 1000 * index + 1000, false,
        h.getTotalCount(), 2, 1, 10 * h.getTotalCount(), null, null, Histograms.encode(h));
  }

  static MetricSnapshot family(LiveSeries s, String name) {
    return s.collect().stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  /** The gauge's value with these labels (among others), or NaN when there is none. */
  static double gauge(LiveSeries s, String run, String region, String window, String quantile) {
    GaugeSnapshot g = (GaugeSnapshot) family(s, "regatta_live_latency_quantile_seconds");
    return g.getDataPoints().stream().filter(d -> run.equals(d.getLabels().get("run"))
            && region.equals(d.getLabels().get("region")) && window.equals(d.getLabels().get("window"))
            && quantile.equals(d.getLabels().get("quantile")))
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue).findFirst().orElse(Double.NaN);
  }

  static double counter(LiveSeries s, String name, String run, String region) {
    CounterSnapshot c = (CounterSnapshot) family(s, name);
    return c.getDataPoints().stream().filter(d -> run.equals(d.getLabels().get("run"))
            && region.equals(d.getLabels().get("region")))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
  }

  /**
   * Three pods in two regions: each region's quantiles are those of its own pods' latencies pooled, the fleet's
   * ("*") those of all three pooled, never a combination of the regions'; counters add up; the native histogram
   * holds every operation.
   */
  @Test
  void quantilesAreReadFromThePooledHistogramsPerRegionAndFleet() {
    existing.add("ns/r1");
    LiveListener l = series.follow("ns/r1");
    l.regions(Map.of("a", "eu", "b", "eu", "c", "us"));
    Histogram eu = Histograms.newHistogram();
    Histogram all = Histograms.newHistogram();
    Histogram lastAll = Histograms.newHistogram();
    long[] tails = {2_000, 40_000, 900_000};
    String[] pods = {"a", "b", "c"};
    for (int k = 0; k < 2; k++) {
      lastAll.reset();
      for (int p = 0; p < 3; p++) {
        Histogram h = latencies(10L * k + p, 500 + 300 * p, tails[p] * (k + 1));
        LiveInterval i = interval(k + 1, k, Map.of("size", "64"), h);
        l.counted(pods[p], i, h, true);
        all.add(h);
        lastAll.add(h);
        if (p < 2) {
          eu.add(h);
        }
      }
      l.completed(IntervalKey.of(interval(k + 1, k, Map.of("size", "64"), Histograms.newHistogram())), true);
    }
    for (int q = 0; q < LiveSeries.QUANTILES.length; q++) {
      String quantile = LiveSeries.QUANTILES[q];
      assertEquals(all.getValueAtPercentile(LiveSeries.PERCENTILES[q]) / 1e6, gauge(series, "r1", "*", "run", quantile));
      assertEquals(lastAll.getValueAtPercentile(LiveSeries.PERCENTILES[q]) / 1e6,
          gauge(series, "r1", "*", "interval", quantile));
      assertEquals(eu.getValueAtPercentile(LiveSeries.PERCENTILES[q]) / 1e6, gauge(series, "r1", "eu", "run", quantile));
    }
    // the us pod's 1.8 s tail is 2% of its operations: its p99 is the tail, the eu pods' is not, and the fleet's
    // is not the mean of the two
    double us = gauge(series, "r1", "us", "run", "0.99");
    double euP99 = gauge(series, "r1", "eu", "run", "0.99");
    assertNotEquals((us + euP99) / 2, gauge(series, "r1", "*", "run", "0.99"));
    assertEquals(all.getTotalCount(), counter(series, "regatta_live_requests", "r1", "eu")
        + counter(series, "regatta_live_requests", "r1", "us"));
    assertEquals(6 * 2, counter(series, "regatta_live_errors", "r1", "eu") + counter(series, "regatta_live_errors", "r1", "us"));
    assertEquals(10.0 * all.getTotalCount(), counter(series, "regatta_live_bytes", "r1", "eu")
        + counter(series, "regatta_live_bytes", "r1", "us"));
    HistogramSnapshot h = (HistogramSnapshot) family(series, "regatta_live_latency_seconds");
    long nativeTotal = 0;
    for (HistogramSnapshot.HistogramDataPointSnapshot d : h.getDataPoints()) {
      assertEquals(LatencyBuckets.SCHEMA, d.getNativeSchema());
      long n = d.getNativeZeroCount();
      for (NativeHistogramBucket b : d.getNativeBucketsForPositiveValues()) {
        n += b.getCount();
      }
      assertEquals(d.getCount(), n, "native buckets hold every operation");
      long classic = 0;
      for (int b = 0; b < d.getClassicBuckets().size(); b++) {
        classic += d.getClassicBuckets().getCount(b);
      }
      assertEquals(d.getCount(), classic, "classic buckets hold every operation");
      nativeTotal += n;
    }
    assertEquals(all.getTotalCount(), nativeTotal);
  }

  /** A value lands in the native bucket whose bounds hold it, next to a bound too. */
  @Test
  void nativeBucketIndexHoldsItsValue() {
    for (double v : new double[] {1e-6, 0.001, 0.5, 1, 2, 1.0000001, 0.9999999, 3599.9}) {
      int i = LatencyBuckets.nativeIndex(v);
      assertTrue(LatencyBuckets.upperBound(i - 1) < v && v <= LatencyBuckets.upperBound(i), v + " in bucket " + i);
    }
    assertEquals(0, LatencyBuckets.nativeIndex(1.0));
    assertEquals(32, LatencyBuckets.nativeIndex(2.0));
  }

  /** A deleted run's series are gone at the next scrape; a run that starts again starts from zero. */
  @Test
  void aDeletedRunsSeriesGoAtTheNextScrape() {
    existing.add("ns/gone");
    existing.add("ns/kept");
    Histogram h = latencies(1, 100, 10);
    series.follow("ns/gone").counted("a", interval(1, 0, Map.of(), h), h, true);
    series.follow("ns/kept").counted("a", interval(1, 0, Map.of(), h), h, true);
    assertEquals(100, counter(series, "regatta_live_requests", "gone", "unpinned"));
    existing.remove("ns/gone");
    assertEquals(0, counter(series, "regatta_live_requests", "gone", "unpinned"));
    assertEquals(Set.of("ns/kept"), series.runs());
    series.follow("ns/kept").counted("a", interval(1, 0, Map.of(), h), h, true);
    assertEquals(100, counter(series, "regatta_live_requests", "kept", "unpinned"), "started again from zero");
  }

  /** Runs, points and regions are capped; what gives way is counted; hostile parameters make valid labels. */
  @Test
  void cardinalityIsBounded() throws Exception {
    Histogram h = latencies(2, 10, 10);
    for (int r = 0; r < LiveSeries.MAX_RUNS + 3; r++) {
      existing.add("ns/run-" + r);
      series.follow("ns/run-" + r).counted("a", interval(1, 0, Map.of(), h), h, true);
    }
    assertEquals(LiveSeries.MAX_RUNS, series.runs().size());
    assertFalse(series.runs().contains("ns/run-0"), "the run heard from longest ago gave way");
    existing.add("ns/sweep");
    LiveListener sweep = series.follow("ns/sweep");
    Map<String, String> pods = new LinkedHashMap<>();
    for (int p = 0; p < 12; p++) {
      pods.put("pod-" + p, "region-" + p);
    }
    sweep.regions(pods);
    String hostileKey = "a b=c,\"d\"\n" + "k".repeat(300);
    for (int point = 0; point < RunSeries.MAX_POINTS + 4; point++) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put(hostileKey, "v" + point + ",x=y\"}\n" + "z".repeat(3000));
      for (int extra = 0; extra < 12; extra++) {
        params.put("p" + extra, String.valueOf(extra));
      }
      for (String pod : pods.keySet()) {
        sweep.counted(pod, interval(1, 0, params, h), h, true);
      }
    }
    RunSeries s = series.run("ns/sweep");
    List<PointSeries> points = s.pointsForTest();
    assertEquals(RunSeries.MAX_POINTS, points.size());
    assertEquals(4, s.pointsEvicted());
    Set<String> pointLabels = new HashSet<>();
    for (PointSeries p : points) {
      assertEquals(PointSeries.MAX_REGIONS + 1, p.regions.size(), "8 regions by name, the rest as " + PointSeries.OTHER);
      assertEquals(4 * h.getTotalCount(), p.regions.get(PointSeries.OTHER).requests);
      assertTrue(p.labels.get("point").length() <= PointLabels.MAX_POINT);
      assertTrue(pointLabels.add(p.labels.get("point")), "every point has its own point label");
      assertEquals(1 + PointLabels.MAX_PARAMS, p.labels.size());
      p.labels.forEach((k, v) -> assertTrue(k.matches("[a-z][a-z0-9_]*") || k.matches("param_[A-Za-z0-9_]+"), k));
    }
    // every format writes it (a label set that clashed would throw here)
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(series);
    String text = new String(Exposition.of(registry, null).bytes(), StandardCharsets.UTF_8);
    assertTrue(text.contains("regatta_live_series_evicted_total{what=\"point\"} 4"), text);
    assertTrue(text.contains("regatta_live_latency_seconds_bucket{"), "classic buckets in the text format");
    Exposition.Body proto = Exposition.of(registry,
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
    assertTrue(proto.contentType().startsWith("application/vnd.google.protobuf"), proto.contentType());
    assertTrue(proto.bytes().length > 1000);
  }

  /** Two points differing only after the cut, or only in where a comma is, still have different point labels. */
  @Test
  void pointLabelsNeverCollide() {
    String longValue = "x".repeat(500);
    assertNotEquals(PointLabels.of(Map.of("a", longValue + "1")).get("point"),
        PointLabels.of(Map.of("a", longValue + "2")).get("point"));
    assertNotEquals(PointLabels.of(Map.of("a", "1,b=2", "b", "3")).get("point"),
        PointLabels.of(Map.of("a", "1", "b", "2,b=3")).get("point"));
    assertEquals("bufferSize=4096,transport=redis",
        PointLabels.of(Map.of("transport", "redis", "bufferSize", "4096")).get("point"));
    assertEquals("redis", PointLabels.of(Map.of("transport", "redis")).get("param_transport"));
  }

  /**
   * The Grafana dashboard in deploy/ queries only series this collector exports, and never averages a quantile: a
   * renamed series or a label typo would leave a panel empty without anyone noticing.
   */
  @Test
  void theGrafanaDashboardUsesTheExportedSeries() throws Exception {
    existing.add("ns/d");
    Histogram h = latencies(3, 100, 10);
    LiveListener l = series.follow("ns/d");
    l.counted("a", interval(1, 0, Map.of("size", "1"), h), h, true);
    l.completed(IntervalKey.of(interval(1, 0, Map.of("size", "1"), h)), true);
    Set<String> exported = new HashSet<>();
    Set<String> labels = new HashSet<>(Set.of("le"));
    for (MetricSnapshot m : series.collect()) {
      String name = m.getMetadata().getPrometheusName();
      exported.add(m instanceof CounterSnapshot ? name + "_total" : name);
      m.getDataPoints().forEach(d -> d.getLabels().forEach(label -> labels.add(label.getName())));
    }
    java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath();
    java.nio.file.Path file = (java.nio.file.Files.isDirectory(root.resolve("deploy")) ? root : root.getParent())
        .resolve("deploy/grafana/regatta-live.json");
    com.fasterxml.jackson.databind.JsonNode dash = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    List<String> exprs = new java.util.ArrayList<>();
    dash.path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    dash.path("templating").path("list").forEach(v -> {
      if (v.path("query").has("query")) {
        exprs.add(v.path("query").path("query").asText());
      }
    });
    assertTrue(exprs.size() >= 10, exprs.toString());
    java.util.regex.Pattern metric = java.util.regex.Pattern.compile("regatta_[a-z_]+");
    java.util.regex.Pattern label = java.util.regex.Pattern.compile("([a-z_]+)\\s*(=~|!=|=|!~)\\s*\"");
    for (String e : exprs) {
      var m = metric.matcher(e);
      assertTrue(m.find(), "a query of the live series: " + e);
      m.reset();
      while (m.find()) {
        assertTrue(exported.contains(m.group()), m.group() + " is exported: " + e);
      }
      var lm = label.matcher(e);
      while (lm.find()) {
        assertTrue(labels.contains(lm.group(1)), "label " + lm.group(1) + " exists: " + e);
      }
      assertFalse(e.contains("avg") && e.contains("quantile_seconds"), "a quantile is never averaged: " + e);
    }
  }
}
