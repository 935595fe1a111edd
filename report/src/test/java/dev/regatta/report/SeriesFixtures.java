package dev.regatta.report;

import dev.regatta.result.Histograms;
import dev.regatta.result.IntervalSeries;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import dev.regatta.result.SeriesInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Run "stall": scenario "get", one 117.5 s window cut in 5 s intervals (24; the last 2.5 s) on three pods, eu-0 and
 * eu-1 in region eu, us-0 in region us. Each pod completes 200 operations per interval (100 in the last) taking 1..5 ms, 64 bytes
 * each; in interval 9 (45 s .. 50 s) the eu pods stall: 20 operations, each a second or more. The raw latencies are
 * kept ({@link #values}) so a test can pool them itself.
 */
final class SeriesFixtures {
  static final int INTERVALS = 24;
  static final long EVERY = 5_000;
  static final int STALL = 9;

  private SeriesFixtures() {}

  static final List<String> PODS = List.of("eu-0", "eu-1", "us-0");

  static String region(String pod) {
    return pod.substring(0, 2);
  }

  static boolean stalls(String pod, int k) {
    return k == STALL && region(pod).equals("eu");
  }

  /** The latencies pod recorded in interval k, µs. */
  static List<Long> values(String pod, int k) {
    int p = PODS.indexOf(pod);
    List<Long> out = new ArrayList<>();
    if (stalls(pod, k)) {
      for (int j = 0; j < 20; j++) {
        out.add(1_000_000L + j * 1_000 + p * 7);
      }
      return out;
    }
    for (int j = 0, n = k == INTERVALS - 1 ? 100 : 200; j < n; j++) { // the last interval lasts half as long
      out.add(1_000L + (k * 7L + j * 13L + p * 101L) % 4_000);
    }
    return out;
  }

  static List<ResultDocument> docs() {
    List<ResultDocument> docs = new ArrayList<>();
    for (String pod : PODS) {
      docs.add(pod(pod));
    }
    return docs;
  }

  static ResultDocument pod(String pod) {
    Histogram total = Histograms.newHistogram();
    List<SeriesInterval> series = new ArrayList<>();
    long count = 0;
    for (int k = 0; k < INTERVALS; k++) {
      Histogram h = Histograms.newHistogram();
      values(pod, k).forEach(h::recordValue);
      long n = h.getTotalCount();
      series.add(new SeriesInterval(k * EVERY, k == INTERVALS - 1 ? EVERY / 2 : EVERY, n, 0, null, 0, n * 64, null,
          null, Histograms.encode(h)));
      total.add(h);
      count += n;
    }
    double secs = ((INTERVALS - 1) * EVERY + EVERY / 2) / 1000.0;
    ScenarioResult window = new ScenarioResult("get", Map.of(), 0, count, 0, Map.of(), 0, secs, count / secs,
        count * 64 / secs, count * 64, LatencySummary.of(total, List.of(50.0, 99.0)), Histograms.encode(total), null,
        null, null, null, null, null, null, null, "throughput", "ops/s", null, null,
        new IntervalSeries(IntervalSeries.VERSION, EVERY, series));
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "stall", "bench", "stall-" + pod, region(pod),
        region(pod), null, PODS.indexOf(pod), null, "2026-11-28T08:00:00.000Z", 1_000_000L, null, List.of(window),
        null);
  }

  /** {@code d} with its window's series replaced by {@code s}. */
  static ResultDocument withSeries(ResultDocument d, IntervalSeries s) {
    return new ResultDocument(d.version(), d.run(), d.namespace(), d.pod(), d.placement(), d.region(), d.zone(),
        d.index(), d.node(), d.startAt(), d.measuredStartEpochMicros(), d.finishedAt(),
        List.of(d.scenarios().get(0).withSeries(s)), d.failure());
  }
}
