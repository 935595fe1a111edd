package dev.regatta.operator.metrics.live;

import dev.regatta.live.LiveInterval;
import dev.regatta.operator.reconcile.live.IntervalKey;
import dev.regatta.result.Histograms;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The figures of one point in one region (or the point's whole fleet): its counters and its latencies since the
 * point started, every repeat pooled, and the quantiles of its last complete fleet interval. The histograms have
 * the result format's bucket layout (same lowest value and significant digits) but grow with the largest latency
 * seen rather than spanning the whole trackable hour, so their percentiles are exactly those of the histograms
 * status.progress reads, for a fraction of the memory (about 80 KiB for latencies up to a second).
 */
final class Figures {
  long requests;
  long errors;
  long dropped;
  long bytes;
  final AbstractHistogram total = newHistogram();
  /** The last complete fleet interval's quantiles (seconds, at {@link LiveSeries#PERCENTILES}) and its end. */
  private double[] intervalQuantiles;
  private long lastIntervalEnd = Long.MIN_VALUE;
  /** Parts of the fleet intervals still open (at most as many as the live view keeps waiting). */
  private final Map<IntervalKey, Open> open = new HashMap<>();
  /** What a scrape reads, kept until the figures change (every live interval): scrapes in between cost nothing. */
  private long version;
  private long readVersion = -1;
  private double[] runQuantiles;
  private HistogramDataPointSnapshot latency;

  private static final class Open {
    final AbstractHistogram histogram = newHistogram();
    long endMillis = Long.MIN_VALUE;
  }

  void count(IntervalKey key, LiveInterval i, Histogram h, boolean inInterval) {
    version++;
    requests += i.count();
    errors += i.errors();
    dropped += i.dropped();
    bytes += i.bytes();
    total.add(h);
    if (inInterval) {
      Open o = open.computeIfAbsent(key, k -> new Open());
      o.histogram.add(h);
      o.endMillis = Math.max(o.endMillis, i.endMillis());
    }
  }

  /** The fleet interval is complete: shown, its quantiles become the last interval's (unless a later one's are). */
  void completed(IntervalKey key, boolean shown) {
    Open o = open.remove(key);
    if (o != null && shown && o.endMillis >= lastIntervalEnd) {
      version++;
      lastIntervalEnd = o.endMillis;
      intervalQuantiles = quantiles(o.histogram);
    }
  }

  /** The quantiles of {@link LiveSeries#PERCENTILES} since the point started, in seconds; null before any operation. */
  double[] runQuantiles() {
    refresh();
    return runQuantiles;
  }

  /** The same for the last complete interval; null before one. */
  double[] intervalQuantiles() {
    return intervalQuantiles;
  }

  /** The latency histogram (its labels are the same at every call: those of this region of this point). */
  HistogramDataPointSnapshot latency(Labels labels) {
    refresh();
    if (latency == null) {
      latency = LatencyBuckets.of(total, labels);
    }
    return latency;
  }

  int openCount() {
    return open.size();
  }

  private void refresh() {
    if (readVersion != version) {
      readVersion = version;
      runQuantiles = quantiles(total);
      latency = null;
    }
  }

  private static double[] quantiles(AbstractHistogram h) {
    if (h.getTotalCount() == 0) {
      return null; // no operation: no latency, rather than a made-up 0
    }
    double[] q = new double[LiveSeries.PERCENTILES.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = h.getValueAtPercentile(LiveSeries.PERCENTILES[i]) / 1e6;
    }
    return q;
  }

  /** The result format's layout (lowest 1 µs, {@value Histograms#SIGNIFICANT_DIGITS} digits), growing as needed. */
  static AbstractHistogram newHistogram() {
    return Histograms.newGrowingHistogram();
  }
}
