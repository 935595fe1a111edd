package dev.regatta.operator.metrics.live;

import dev.regatta.live.LiveInterval;
import dev.regatta.operator.reconcile.live.IntervalKey;
import dev.regatta.operator.reconcile.live.LiveListener;
import dev.regatta.result.ResultMerger;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The /metrics figures of one followed run, fed by its live merge ({@link LiveListener}): per scenario point
 * (repeats pooled) and region. At most {@link #MAX_POINTS} points: a sweep's older points give way to the one now
 * measured (their final figures are in status.results).
 */
final class RunSeries implements LiveListener {
  static final int MAX_POINTS = 4;

  final String namespace;
  final String name;
  private final Map<PointKey, PointSeries> points = new LinkedHashMap<>();
  private Map<String, String> regionOfPod = Map.of();
  private long clock;
  /** When it last heard anything (a sequence number of its {@link LiveSeries}). */
  volatile long touched;
  private long pointsEvicted;

  private record PointKey(String scenario, Map<String, String> params) {}

  RunSeries(String key, long touched) {
    int slash = key.indexOf('/');
    this.namespace = slash < 0 ? "" : key.substring(0, slash);
    this.name = slash < 0 ? key : key.substring(slash + 1);
    this.touched = touched;
  }

  @Override
  public synchronized void regions(Map<String, String> regionOfPod) {
    this.regionOfPod = Map.copyOf(regionOfPod);
  }

  @Override
  public synchronized void counted(String pod, LiveInterval interval, Histogram histogram, boolean inInterval) {
    IntervalKey key = IntervalKey.of(interval);
    PointKey pk = new PointKey(key.scenario(), key.params());
    PointSeries p = points.get(pk);
    if (p == null) {
      if (points.size() >= MAX_POINTS) {
        PointKey oldest = points.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().touched))
            .orElseThrow().getKey();
        points.remove(oldest);
        pointsEvicted++;
      }
      p = new PointSeries(key.scenario(), key.params());
      points.put(pk, p);
    }
    p.touched = ++clock;
    p.count(regionOfPod.getOrDefault(pod, ResultMerger.NO_REGION), key, interval, histogram, inInterval);
    touched = LiveSeries.tick();
  }

  @Override
  public synchronized void completed(IntervalKey key, boolean shown) {
    PointSeries p = points.get(new PointKey(key.scenario(), key.params()));
    if (p != null) {
      p.completed(key, shown);
    }
  }

  /** Reads the run's points under its lock (a scrape). */
  synchronized void read(java.util.function.Consumer<PointSeries> each) {
    points.values().forEach(each);
  }

  synchronized long pointsEvicted() {
    return pointsEvicted;
  }

  synchronized List<PointSeries> pointsForTest() {
    return List.copyOf(points.values());
  }
}
