package dev.regatta.operator.reconcile.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.live.LiveInterval;
import dev.regatta.operator.metrics.live.LiveSeries;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The /metrics series are fed by the live merge itself: their fleet quantiles are status.progress' figures. */
class LiveRunSeriesTest {
  private static double gauge(LiveSeries s, String region, String window, String quantile) {
    GaugeSnapshot g = (GaugeSnapshot) s.collect().stream()
        .filter(m -> m.getMetadata().getName().equals("regatta_live_latency_quantile_seconds")).findFirst().orElseThrow();
    return g.getDataPoints().stream().filter(d -> region.equals(d.getLabels().get("region"))
            && window.equals(d.getLabels().get("window")) && quantile.equals(d.getLabels().get("quantile")))
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue).findFirst().orElse(Double.NaN);
  }

  @Test
  void fleetQuantilesOnMetricsAreThoseOfStatusProgress() throws Exception {
    LiveSeries series = new LiveSeries(() -> Set.of("ns/r"));
    LiveListener listener = series.follow("ns/r");
    listener.regions(Map.of("pod-0", "eu", "pod-1", "eu", "pod-2", "us"));
    LiveRun run = new LiveRun(listener);
    long[] tails = {200, 30_000, 900_000};
    for (int interval = 0; interval < 3; interval++) {
      for (int pod = 0; pod < 3; pod++) {
        long[] lat = Intervals.latencies(pod * 10 + interval, 1000 + 500 * pod, tails[pod] * (interval + 1));
        LiveInterval i = Intervals.interval(interval + 1, interval, "get", 10_000 + interval * 2000L, lat, 100);
        run.answered("pod-" + pod, LiveAnswerReader.read(Intervals.answer("runner-" + pod, List.of(i)), interval));
      }
      run.roundEnded();
      LiveFigures f = run.figures();
      assertEquals(f.p99Micros() / 1e6, gauge(series, LiveSeries.FLEET, "interval", "0.99"), "interval " + interval);
      assertEquals(f.p50Micros() / 1e6, gauge(series, LiveSeries.FLEET, "interval", "0.5"), "interval " + interval);
      assertEquals(f.runP99Micros() / 1e6, gauge(series, LiveSeries.FLEET, "run", "0.99"), "interval " + interval);
      assertEquals(f.runP50Micros() / 1e6, gauge(series, LiveSeries.FLEET, "run", "0.5"), "interval " + interval);
    }
    // a late part (its interval was shown) counts in the run so far only, on both sides
    long[] late = Intervals.latencies(99, 2000, 3_000_000);
    run.answered("pod-0", LiveAnswerReader.read(Intervals.answer("runner-0",
        List.of(Intervals.interval(4, 0, "get", 10_000, late, 100))), 3));
    run.roundEnded();
    LiveFigures f = run.figures();
    assertEquals(f.runP99Micros() / 1e6, gauge(series, LiveSeries.FLEET, "run", "0.99"));
    assertEquals(f.p99Micros() / 1e6, gauge(series, LiveSeries.FLEET, "interval", "0.99"));
  }
}
