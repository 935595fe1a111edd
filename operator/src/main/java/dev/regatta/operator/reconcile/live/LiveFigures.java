package dev.regatta.operator.reconcile.live;

import java.util.List;
import java.util.Map;

/**
 * The fleet's live figures at one moment: its last complete interval and the run so far (exact percentiles from
 * the added-up histograms), what status.progress shows; and the last interval per region when the run's pods are
 * in more than one.
 */
public record LiveFigures(String scenario, Map<String, String> params, int repeat, long intervalEndMillis,
    double intervalSeconds, double throughputPerSecond, double megabytesPerSecond, long p50Micros, long p99Micros,
    long runP50Micros, long runP99Micros, long count, long errors, long dropped, int podsReporting,
    List<Region> byRegion) {

  /** One region's share of the last interval, over the fleet interval's length (so the regions' rates add up). */
  public record Region(String region, double throughputPerSecond, double megabytesPerSecond, long p50Micros,
      long p99Micros, long errors, long dropped, int podsReporting) {}
}
