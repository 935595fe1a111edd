package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One measured window: a scenario at one parameter point, one repeat, on one pod (or, in the operator's
 * merged document, pooled). {@code histogram} is the base64 HdrHistogram V2 compressed encoding (see
 * {@link Histograms}); the {@code latencyMicros} figures are read from it and are for humans only.
 *
 * @param bytes payload bytes of the operations (what bytesPerSecond and MB/s count)
 * @param bytesSent bytes the runner's connections sent in the window (docs/WORKLOADS.md says what each workload
 *     counts); null from runners that did not count
 * @param bytesReceived bytes the runner's connections received in the window
 * @param checks HTTP checks: name → passes and fails in the window, in the order the checks are declared
 * @param makespanSeconds stream: from the first task emitted to the last task done
 * @param labels the labels of the point's values (param → label)
 * @param headline throughput or bandwidth: the figure the scenario is about
 * @param rateUnit what one operation is, per second (req/s, ops/s, msg/s, tasks/s)
 * @param mergeable false when the window has no histogram, only the percentiles an external tool printed
 *     (wrk's --latency table): its counts add up, its percentiles never enter a merged row's; null means true
 * @param toolError an external workload's tool failed in this window (exit code, killed at its deadline, results
 *     missing or malformed): one line saying how; what the tool wrote before the failure is in the figures
 * @param series the window's figures per live interval (docs/PROTOCOL.md, "Time series"); null in documents
 *     written before it existed, and for windows whose intervals were not recorded (an external tool's)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioResult(
    String name,
    Map<String, String> params,
    int repeat,
    long count,
    long errors,
    Map<String, Long> errorsByType,
    long dropped,
    double durationSeconds,
    double throughputPerSecond,
    double bytesPerSecond,
    long bytes,
    LatencySummary latencyMicros,
    String histogram,
    Long startEpochMicros,
    Long endEpochMicros,
    ResourceUse resources,
    Long bytesSent,
    Long bytesReceived,
    Map<String, CheckCount> checks,
    Double makespanSeconds,
    Map<String, String> labels,
    String headline,
    String rateUnit,
    Boolean mergeable,
    String toolError,
    IntervalSeries series) {

  /** A window without a time series. */
  public ScenarioResult(String name, Map<String, String> params, int repeat, long count, long errors,
      Map<String, Long> errorsByType, long dropped, double durationSeconds, double throughputPerSecond,
      double bytesPerSecond, long bytes, LatencySummary latencyMicros, String histogram, Long startEpochMicros,
      Long endEpochMicros, ResourceUse resources, Long bytesSent, Long bytesReceived, Map<String, CheckCount> checks,
      Double makespanSeconds, Map<String, String> labels, String headline, String rateUnit, Boolean mergeable,
      String toolError) {
    this(name, params, repeat, count, errors, errorsByType, dropped, durationSeconds, throughputPerSecond,
        bytesPerSecond, bytes, latencyMicros, histogram, startEpochMicros, endEpochMicros, resources, bytesSent,
        bytesReceived, checks, makespanSeconds, labels, headline, rateUnit, mergeable, toolError, null);
  }

  /** This window with {@code s} as its time series (null: none). */
  public ScenarioResult withSeries(IntervalSeries s) {
    return new ScenarioResult(name, params, repeat, count, errors, errorsByType, dropped, durationSeconds,
        throughputPerSecond, bytesPerSecond, bytes, latencyMicros, histogram, startEpochMicros, endEpochMicros,
        resources, bytesSent, bytesReceived, checks, makespanSeconds, labels, headline, rateUnit, mergeable, toolError,
        s);
  }

  /** A window whose histogram merges (every built-in workload's). */
  public ScenarioResult(String name, Map<String, String> params, int repeat, long count, long errors,
      Map<String, Long> errorsByType, long dropped, double durationSeconds, double throughputPerSecond,
      double bytesPerSecond, long bytes, LatencySummary latencyMicros, String histogram, Long startEpochMicros,
      Long endEpochMicros, ResourceUse resources, Long bytesSent, Long bytesReceived, Map<String, CheckCount> checks,
      Double makespanSeconds, Map<String, String> labels, String headline, String rateUnit) {
    this(name, params, repeat, count, errors, errorsByType, dropped, durationSeconds, throughputPerSecond,
        bytesPerSecond, bytes, latencyMicros, histogram, startEpochMicros, endEpochMicros, resources, bytesSent,
        bytesReceived, checks, makespanSeconds, labels, headline, rateUnit, null, null);
  }

  /** False only for a percentile-only window (see {@code mergeable}). */
  public boolean histogramMerges() {
    return !Boolean.FALSE.equals(mergeable);
  }

  /** A window without the figures added later (network bytes, checks, makespan, labels, headline). */
  public ScenarioResult(String name, Map<String, String> params, int repeat, long count, long errors,
      Map<String, Long> errorsByType, long dropped, double durationSeconds, double throughputPerSecond,
      double bytesPerSecond, long bytes, LatencySummary latencyMicros, String histogram, Long startEpochMicros,
      Long endEpochMicros, ResourceUse resources) {
    this(name, params, repeat, count, errors, errorsByType, dropped, durationSeconds, throughputPerSecond,
        bytesPerSecond, bytes, latencyMicros, histogram, startEpochMicros, endEpochMicros, resources, null, null, null,
        null, null, null, null, null, null);
  }
}
