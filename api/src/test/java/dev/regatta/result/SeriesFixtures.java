package dev.regatta.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Windows with a known time series, built the way the runner builds them: the window is the sum of its intervals. */
public final class SeriesFixtures {
  private SeriesFixtures() {}

  /**
   * A window of {@code intervals} intervals of {@code intervalMillis} (the last one half as long), about
   * {@code perInterval} operations each, latencies log-spread over 100 µs .. 100 ms; in interval {@code stallAt}
   * (-1: none) every operation waited a second.
   */
  public static ScenarioResult window(String name, int intervals, long intervalMillis, int perInterval, int stallAt,
      long seed) {
    Random rnd = new Random(seed);
    Histogram total = Histograms.newHistogram();
    List<SeriesInterval> series = new ArrayList<>();
    long count = 0;
    long errors = 0;
    long bytes = 0;
    long dropped = 0;
    Histogram h = Histograms.newHistogram();
    for (int i = 0; i < intervals; i++) {
      h.reset();
      int n = perInterval / 2 + rnd.nextInt(perInterval);
      for (int k = 0; k < n; k++) {
        long v = i == stallAt ? 1_000_000 + rnd.nextInt(50_000) : (long) Math.exp(Math.log(100) + rnd.nextDouble()
            * Math.log(1000));
        h.recordValue(v);
      }
      long e = rnd.nextInt(4);
      long d = i == stallAt ? 25 : 0;
      long b = n * 64L;
      long length = i == intervals - 1 ? intervalMillis / 2 : intervalMillis;
      series.add(new SeriesInterval(i * intervalMillis, length, n, e, e == 0 ? null : Map.of("timeout", e), d, b,
          null, null, Histograms.encode(h)));
      total.add(h);
      count += n;
      errors += e;
      bytes += b;
      dropped += d;
    }
    double secs = ((intervals - 1) * intervalMillis + intervalMillis / 2) / 1000.0;
    return new ScenarioResult(name, Map.of(), 0, count, errors, errors == 0 ? Map.of() : Map.of("timeout", errors),
        dropped, secs, count / secs, bytes / secs, bytes, LatencySummary.of(total, List.of(50.0, 99.0)),
        Histograms.encode(total), null, null, null, null, null, null, null, null, "throughput", "req/s", null, null,
        new IntervalSeries(IntervalSeries.VERSION, intervalMillis, series));
  }

  public static ResultDocument pod(String pod, String region, List<ScenarioResult> windows) {
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "run", "ns", pod, "p", region, null, 0, null, null,
        null, null, windows, null);
  }
}
