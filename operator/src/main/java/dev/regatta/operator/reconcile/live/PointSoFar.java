package dev.regatta.operator.reconcile.live;

import dev.regatta.result.Histograms;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One scenario point's fleet figures so far, from the live intervals: every complete fleet interval of the point
 * (all its repeats so far) added up, histograms included, and the time they cover. Its percentiles are those of
 * every operation the fleet completed at the point so far; its rates are operations over that time, as a result
 * row's are over its window. What a threshold that aborts on a live breach is judged on.
 */
public final class PointSoFar {
  private final String scenario;
  private final Map<String, String> params;
  private final Histogram histogram = Histograms.newHistogram();
  private long count;
  private long errors;
  private long dropped;
  private long bytes;
  private double closedSeconds;
  private int repeat = -1;
  private long repeatStart = Long.MAX_VALUE;
  private long repeatEnd = Long.MIN_VALUE;
  private long endMillis = Long.MIN_VALUE;

  public PointSoFar(String scenario, Map<String, String> params) {
    this.scenario = scenario;
    this.params = params == null ? Map.of() : Map.copyOf(params);
  }

  /** Operations of the point: a fleet interval's, or a pod's part that came after its interval was complete. */
  public void add(Histogram h, long count, long errors, long dropped, long bytes) {
    histogram.add(h);
    this.count += count;
    this.errors += errors;
    this.dropped += dropped;
    this.bytes += bytes;
  }

  /**
   * A fleet interval of the point is complete: the time it covers, from its earliest pod's start to its latest pod's
   * end. The point's time is the span its complete intervals cover in each repeat, summed over repeats: a pod that
   * closes its intervals off the others' beat (one that started its window late) does not count time twice.
   */
  public void measured(int repeat, long startMillis, long endMillis) {
    if (repeat != this.repeat) {
      closedSeconds += span();
      this.repeat = repeat;
      repeatStart = Long.MAX_VALUE;
      repeatEnd = Long.MIN_VALUE;
    }
    repeatStart = Math.min(repeatStart, startMillis);
    repeatEnd = Math.max(repeatEnd, endMillis);
    this.endMillis = Math.max(this.endMillis, endMillis);
  }

  private double span() {
    return repeatEnd < repeatStart ? 0 : (repeatEnd - repeatStart) / 1000.0;
  }

  public String scenario() { return scenario; }
  public Map<String, String> params() { return params; }
  public long count() { return count; }
  public long errors() { return errors; }
  public long dropped() { return dropped; }
  public long bytes() { return bytes; }
  /** The time the point's complete fleet intervals cover, summed over repeats. */
  public double seconds() { return closedSeconds + span(); }
  /** The end of its latest complete fleet interval (epoch ms), or Long.MIN_VALUE before the first. */
  public long endMillis() { return endMillis; }

  /** A percentile of every operation so far, in microseconds (as a result row reads its merged histogram). */
  public long percentileMicros(double percentile) {
    return histogram.getValueAtPercentile(percentile);
  }

  public long minMicros() { return histogram.getMinValue(); }
  public long maxMicros() { return histogram.getMaxValue(); }
  public double meanMicros() { return Math.round(histogram.getMean() * 10.0) / 10.0; }
}
