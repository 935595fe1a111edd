package dev.regatta.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One measured window over time, for the fleet ({@link ReportRow#ALL}) or one region: the pods' intervals added up
 * per interval (counts added, histograms added, percentiles read from the sum). Every pod starts a window at the
 * common instant, so interval k of every pod covers the same time.
 *
 * @param intervalMillis the interval length (the coarsest of the pods', when some pod's series was coarsened)
 * @param pods how many pods' series are in it
 * @param points the intervals, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetSeries(String run, String scenario, Map<String, String> params, int repeat, String region,
    long intervalMillis, int pods, List<Point> points) {

  /**
   * One interval of the window, over the pods in it.
   *
   * @param offsetMillis the interval's start after the window's measured start
   * @param throughputPerSecond {@code count} over the interval's duration
   * @param megabytesPerSecond payload bytes over the duration, decimal MB
   * @param p50Micros the median latency of the operations completed in the interval (null when none)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Point(long offsetMillis, long durationMillis, long count, long errors, long dropped, long bytes,
      double throughputPerSecond, double megabytesPerSecond, Long p50Micros, Long p99Micros, Long maxMicros) {}

  public PointKey key() {
    return new PointKey(scenario, params);
  }
}
