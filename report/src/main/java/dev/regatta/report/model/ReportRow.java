package dev.regatta.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.regatta.result.LatencySummary;
import java.util.Map;

/**
 * One flat row of a report: a scenario at one parameter point, for one region (or {@link #ALL} regions),
 * or for one pod. Flat so that CSV, JSON and the HTML tables all print the same numbers.
 *
 * @param throughputMean mean over repeats of the fleet (or region, or pod) throughput, ops/s
 * @param throughputStddev sample stddev over repeats; null when there was one repeat or it is unknown
 * @param cpuSeconds CPU seconds of the runners per measured window: summed over pods, averaged over repeats
 * @param peakRssBytes the largest resident set of any runner process in the row
 * @param pod pod identity; null on merged and region rows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"scenario", "params", "region", "pod", "placement", "zone", "node", "pods", "repeats", "count",
    "errors", "dropped", "throughputMean", "throughputStddev", "bytesPerSecond", "latencyMicros", "cpuSeconds",
    "peakRssBytes"})
public record ReportRow(
    String scenario,
    Map<String, String> params,
    String region,
    String pod,
    String placement,
    String zone,
    String node,
    Integer pods,
    Integer repeats,
    Long count,
    Long errors,
    Long dropped,
    Double throughputMean,
    Double throughputStddev,
    Double bytesPerSecond,
    LatencySummary latencyMicros,
    Double cpuSeconds,
    Long peakRssBytes) {

  /** The region name of the row that pools every region. */
  public static final String ALL = "all";

  public PointKey key() {
    return new PointKey(scenario, params);
  }

  public Long p99() {
    return latencyMicros == null ? null : latencyMicros.getP99();
  }
}
