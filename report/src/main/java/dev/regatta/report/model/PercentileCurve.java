package dev.regatta.report.model;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The percentile distribution of one merged histogram, as HdrHistogram's own percentile output walks it:
 * ticks that get denser towards the tail, so the curve is smooth on a log-of-"nines" axis.
 *
 * @param percentiles percentile levels (0..100), increasing, never 100 itself (infinite on a nines axis)
 * @param valuesMicros the latency at each level, microseconds
 */
public record PercentileCurve(String run, String scenario, java.util.Map<String, String> params, long count,
    List<Double> percentiles, List<Long> valuesMicros) {

  /** Ticks per half distance to 100%: 5 gives about 5 points per "nine", like HdrHistogram's .hgrm files. */
  static final int TICKS_PER_HALF = 5;

  public static PercentileCurve of(String run, PointKey key, AbstractHistogram h) {
    List<Double> ps = new ArrayList<>();
    List<Long> vs = new ArrayList<>();
    long count = h.getTotalCount();
    if (count > 0) {
      // The last sample sits at 100%, which has no place on a nines axis; HdrHistogram's plotter shows it at
      // the level one sample below 100%, 1 - 1/count, and so do we.
      double last = 100.0 * (1.0 - 1.0 / count);
      for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF)) {
        double p = v.getPercentileLevelIteratedTo();
        if (p >= last) {
          break;
        }
        if (!ps.isEmpty() && p <= ps.get(ps.size() - 1)) {
          continue;
        }
        ps.add(p);
        vs.add(v.getValueIteratedTo());
      }
      ps.add(last);
      vs.add(h.getMaxValue());
    }
    return new PercentileCurve(run, key.scenario(), key.params(), count, ps, vs);
  }
}
