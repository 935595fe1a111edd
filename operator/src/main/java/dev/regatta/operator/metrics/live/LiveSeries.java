package dev.regatta.operator.metrics.live;

import dev.regatta.operator.reconcile.live.LiveListener;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The live runs' series on the operator's /metrics (docs/METRICS.md): per run, scenario point and region, the
 * counters and the latency histogram of the live merge, and exact quantile gauges read from the merged histograms,
 * so that no dashboard ever has to combine percentiles.
 *
 * <p>Bounded: at most {@link #MAX_RUNS} runs (the one heard from longest ago gives way), each with at most
 * {@link RunSeries#MAX_POINTS} points of at most {@link PointSeries#MAX_REGIONS} regions (+ {@code other}). A run's
 * series stay after it leaves Running (its final live figures) and go with the run: every scrape keeps only the runs
 * that still exist.
 */
public final class LiveSeries implements LiveListener.Factory, MultiCollector {
  static final int MAX_RUNS = 8;
  /** The quantiles exported, as Prometheus writes them, and the percentiles they are read at. */
  static final String[] QUANTILES = {"0.5", "0.9", "0.95", "0.99", "0.999"};
  static final double[] PERCENTILES = {50, 90, 95, 99, 99.9};
  /** The region label of the whole fleet's quantiles: not a valid region (a label value), so never a real one. */
  public static final String FLEET = "*";

  private static final AtomicLong CLOCK = new AtomicLong();

  private final Supplier<Set<String>> existing;
  private final Map<String, RunSeries> runs = new LinkedHashMap<>();
  private long runsEvicted;

  /** @param existing the keys (namespace/name) of the runs that exist now; null from it: not known yet, keep all */
  public LiveSeries(Supplier<Set<String>> existing) {
    this.existing = existing;
  }

  static long tick() {
    return CLOCK.incrementAndGet();
  }

  @Override
  public synchronized LiveListener follow(String key) {
    RunSeries r = new RunSeries(key, tick());
    runs.remove(key); // a run that enters Running again (or a new run of the same name) starts from zero
    if (runs.size() >= MAX_RUNS) {
      String oldest = runs.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().touched))
          .orElseThrow().getKey();
      runs.remove(oldest);
      runsEvicted++;
    }
    runs.put(key, r);
    return r;
  }

  /** Runs with series now. */
  public synchronized Set<String> runs() {
    return Set.copyOf(runs.keySet());
  }

  private synchronized List<RunSeries> current() {
    Set<String> exist = existing == null ? null : existing.get();
    if (exist != null) {
      runs.keySet().retainAll(exist);
    }
    return List.copyOf(runs.values());
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder requests = counter("regatta_live_requests",
        "Operations completed (errors included) in the live intervals of a run's point, per region");
    CounterSnapshot.Builder errors = counter("regatta_live_errors", "Operations that failed, of requests");
    CounterSnapshot.Builder dropped = counter("regatta_live_dropped",
        "Operations due but never sent (open model), not in requests");
    CounterSnapshot.Builder bytes = counter("regatta_live_bytes", "Payload bytes moved by the operations");
    HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name("regatta_live_latency_seconds")
        .help("Latency of the point's operations since it started, from the merged HdrHistogram: native buckets of "
            + "schema " + LatencyBuckets.SCHEMA + " (protobuf) and classic buckets (text)");
    GaugeSnapshot.Builder quantiles = GaugeSnapshot.builder().name("regatta_live_latency_quantile_seconds")
        .help("Exact latency quantile read from the merged histogram of every pod (region=\"*\": the whole fleet); "
            + "window=\"run\": since the point started, window=\"interval\": its last complete live interval");
    long pointsEvicted = 0;
    List<RunSeries> now = current();
    for (RunSeries r : now) {
      pointsEvicted += r.pointsEvicted();
      r.read(p -> {
        for (Map.Entry<String, Figures> e : p.regions.entrySet()) {
          Labels l = labels(r, p, e.getKey());
          Figures f = e.getValue();
          requests.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(f.requests).build());
          errors.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(f.errors).build());
          dropped.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(f.dropped).build());
          bytes.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(f.bytes).build());
          latency.dataPoint(f.latency(l));
          quantiles(quantiles, l, f);
        }
        quantiles(quantiles, labels(r, p, FLEET), p.fleet);
      });
    }
    long runsGone;
    synchronized (this) {
      runsGone = runsEvicted;
    }
    GaugeSnapshot.Builder series = GaugeSnapshot.builder().name("regatta_live_runs")
        .help("Runs with live series on /metrics (at most " + MAX_RUNS + ")")
        .dataPoint(GaugeDataPointSnapshot.builder().value(now.size()).build());
    CounterSnapshot.Builder evicted = counter("regatta_live_series_evicted",
        "Runs and points whose live series were removed to keep /metrics bounded (docs/METRICS.md)");
    evicted.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("what", "run")).value(runsGone).build());
    evicted.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("what", "point")).value(pointsEvicted)
        .build());
    return MetricSnapshots.of(requests.build(), errors.build(), dropped.build(), bytes.build(), latency.build(),
        quantiles.build(), series.build(), evicted.build());
  }

  private static CounterSnapshot.Builder counter(String name, String help) {
    return CounterSnapshot.builder().name(name).help(help);
  }

  private static void quantiles(GaugeSnapshot.Builder out, Labels l, Figures f) {
    add(out, l, "run", f.runQuantiles());
    add(out, l, "interval", f.intervalQuantiles());
  }

  private static void add(GaugeSnapshot.Builder out, Labels l, String window, double[] values) {
    if (values == null) {
      return;
    }
    for (int i = 0; i < QUANTILES.length; i++) {
      out.dataPoint(GaugeDataPointSnapshot.builder()
          .labels(l.merge(Labels.of("quantile", QUANTILES[i], "window", window))).value(values[i]).build());
    }
  }

  private static Labels labels(RunSeries r, PointSeries p, String region) {
    List<String> names = new ArrayList<>(List.of("namespace", "run", "scenario", "region"));
    List<String> values = new ArrayList<>(List.of(r.namespace, r.name, p.scenario, region));
    p.labels.forEach((k, v) -> {
      names.add(k);
      values.add(v);
    });
    return Labels.of(names, values);
  }

  /** For tests: a run's series state. */
  RunSeries run(String key) {
    synchronized (this) {
      return runs.get(key);
    }
  }
}
