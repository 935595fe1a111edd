package dev.regatta.operator.metrics.live;

import dev.regatta.live.LiveInterval;
import dev.regatta.operator.reconcile.live.IntervalKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One scenario point of a run: its figures per region (at most {@link #MAX_REGIONS} named, the pods of further
 * regions together as {@value #OTHER}) and over the whole fleet, which is the sum of the regions' parts itself
 * (never a combination of their percentiles).
 */
final class PointSeries {
  static final int MAX_REGIONS = 8;
  /** Not a valid region (a label value), so never a real one. */
  static final String OTHER = "~other";

  final String scenario;
  final Map<String, String> labels;
  final Map<String, Figures> regions = new LinkedHashMap<>();
  final Figures fleet = new Figures();
  long touched;

  PointSeries(String scenario, Map<String, String> params) {
    this.scenario = scenario;
    this.labels = PointLabels.of(params);
  }

  void count(String region, IntervalKey key, LiveInterval i, Histogram h, boolean inInterval) {
    Figures f = regions.get(region);
    if (f == null) {
      f = regions.computeIfAbsent(regions.size() < MAX_REGIONS ? region : OTHER, r -> new Figures());
    }
    f.count(key, i, h, inInterval);
    fleet.count(key, i, h, inInterval);
  }

  void completed(IntervalKey key, boolean shown) {
    regions.values().forEach(f -> f.completed(key, shown));
    fleet.completed(key, shown);
  }
}
