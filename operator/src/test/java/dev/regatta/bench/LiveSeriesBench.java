package dev.regatta.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.live.LiveInterval;
import dev.regatta.operator.metrics.Exposition;
import dev.regatta.operator.metrics.live.LiveSeries;
import dev.regatta.operator.reconcile.live.IntervalKey;
import dev.regatta.operator.reconcile.live.LiveListener;
import dev.regatta.result.Histograms;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the /metrics series of live runs add to following a 1,000-pod run at 5 s intervals: the CPU to add each
 * pod's interval into its region's and the fleet's figures (on top of the live view's own merge), a scrape's cost,
 * and the heap of the series. Runs only from `make bench` (-Pbench).
 */
@Tag("bench")
class LiveSeriesBench {
  static final int PODS = 1_000;
  static final int REGIONS = 5;

  @Test
  void followingAThousandPods() throws Exception {
    Random rnd = new Random(3);
    Histogram[] parts = new Histogram[16];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = Histograms.newHistogram();
      for (int k = 0; k < 5_000; k++) {
        Histograms.recordMicros(parts[i], rnd.nextInt(100) < 3 ? 2_000 + rnd.nextInt(48_000) : 100 + rnd.nextInt(300));
      }
    }
    int intervals = BenchOut.quick() ? 6 : 24;
    Exposition.of(new PrometheusRegistry(), null); // the exposition classes loaded before the heap is measured
    long before = BenchOut.settleHeap();
    LiveSeries series = new LiveSeries(() -> Set.of("bench/live"));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(series);
    LiveListener l = series.follow("bench/live");
    Map<String, String> regions = new HashMap<>();
    for (int p = 0; p < PODS; p++) {
      regions.put("pod-" + p, "region-" + (p % REGIONS));
    }
    l.regions(regions);
    long feedNanos = 0;
    long scrapeNanos = 0;
    int scrapeBytes = 0;
    for (int k = 0; k < intervals; k++) {
      LiveInterval[] in = new LiveInterval[PODS];
      for (int p = 0; p < PODS; p++) {
        Histogram h = parts[(p + k) % parts.length];
        in[p] = new LiveInterval(k + 1, k, "get", Map.of("size", "64"), 0, 5000L * k, 5000L * k + 5000, false,
            h.getTotalCount(), 0, 0, 64 * h.getTotalCount(), null, null, null);
      }
      long t0 = System.nanoTime();
      for (int p = 0; p < PODS; p++) {
        l.counted("pod-" + p, in[p], parts[(p + k) % parts.length], true);
      }
      l.completed(IntervalKey.of(in[0]), true);
      long t1 = System.nanoTime();
      scrapeBytes = Exposition.of(registry, "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
          + "encoding=delimited").bytes().length;
      long t2 = System.nanoTime();
      feedNanos += t1 - t0;
      scrapeNanos += t2 - t1;
    }
    long live = BenchOut.settleHeap() - before;
    java.lang.ref.Reference.reachabilityFence(series);
    java.lang.ref.Reference.reachabilityFence(registry);
    double perInterval = feedNanos / 1e6 / intervals;
    double cpuShare = perInterval / 5_000;
    StringBuilder md = new StringBuilder("\n## /metrics of a live 1,000-pod run (5 regions, 5 s intervals)\n\n");
    md.append("| figure | measured |\n|---|---:|\n");
    md.append(String.format(Locale.ROOT, "| adding one interval of 1,000 pods into the series | %.1f ms (%.1f%% of a core "
        + "at 5 s) |%n", perInterval, 100 * cpuShare));
    md.append(String.format(Locale.ROOT, "| a scrape after each interval (protobuf, %d bytes) | %.1f ms |%n", scrapeBytes,
        scrapeNanos / 1e6 / intervals));
    md.append(String.format(Locale.ROOT, "| heap of the run's series | %s |%n", BenchOut.mib(live)));
    BenchOut.append(md.toString());
    assertTrue(cpuShare < 0.2, "the series cost " + 100 * cpuShare + "% of a core");
  }
}
