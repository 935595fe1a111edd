package dev.regatta.report.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.regatta.api.v1alpha1.Headline;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.result.LatencySummary;
import java.util.List;
import java.util.Map;

/**
 * One flat row of a report: a scenario at one parameter point of one run, for one region (or {@link #ALL}
 * regions), or for one pod. Flat so that CSV, JSON and the HTML tables all print the same numbers.
 *
 * @param run the run the row is from (a report may combine several)
 * @param labels the labels of the point's values (matrix labels), by parameter
 * @param headline throughput or bandwidth: which figure the scenario is about
 * @param rateUnit what one operation is, per second (req/s, ops/s, msg/s, tasks/s)
 * @param throughputMean mean over repeats of the fleet (or region, or pod) throughput, operations/s
 * @param throughputStddev sample stddev over repeats; null when there was one repeat or it is unknown
 * @param megabytesPerSecond payload bandwidth, decimal MB/s (10^6 bytes), mean over repeats
 * @param megabytesPerSecondStddev its sample stddev over repeats
 * @param bytesSent bytes the runners' connections sent in the measured windows (null: not counted)
 * @param bytesReceived bytes they received
 * @param netRxMegabytesPerSecond bytes received / window, summed over pods, mean over repeats, decimal MB/s
 * @param netTxMegabytesPerSecond bytes sent / window, likewise
 * @param cpuSeconds CPU seconds of the runners per window: summed over pods, averaged over repeats
 * @param cpuCores CPU utilisation: cores the runners kept busy (CPU seconds / wall seconds of their windows),
 *     summed over pods, mean over repeats
 * @param cpuCoresPerPod cpuCores / pods
 * @param peakRssBytes the largest resident set of any runner process in the row
 * @param makespanSeconds stream: first task emitted to last task done
 * @param checks HTTP checks with their pass rates
 * @param pod pod identity; null on merged and region rows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run", "scenario", "params", "labels", "region", "pod", "placement", "zone", "node", "pods",
    "repeats", "headline", "rateUnit", "count", "errors", "dropped", "throughputMean", "throughputStddev",
    "megabytesPerSecond", "megabytesPerSecondStddev", "bytesPerSecond", "latencyMicros", "bytesSent", "bytesReceived",
    "netRxMegabytesPerSecond", "netTxMegabytesPerSecond", "cpuSeconds", "cpuCores", "cpuCoresPerPod", "peakRssBytes",
    "makespanSeconds", "checks"})
public record ReportRow(
    String run,
    String scenario,
    Map<String, String> params,
    Map<String, String> labels,
    String region,
    String pod,
    String placement,
    String zone,
    String node,
    Integer pods,
    Integer repeats,
    String headline,
    String rateUnit,
    Long count,
    Long errors,
    Long dropped,
    Double throughputMean,
    Double throughputStddev,
    Double megabytesPerSecond,
    Double megabytesPerSecondStddev,
    Double bytesPerSecond,
    LatencySummary latencyMicros,
    Long bytesSent,
    Long bytesReceived,
    Double netRxMegabytesPerSecond,
    Double netTxMegabytesPerSecond,
    Double cpuSeconds,
    Double cpuCores,
    Double cpuCoresPerPod,
    Long peakRssBytes,
    Double makespanSeconds,
    List<ResultRow.CheckRate> checks) {

  /** The region name of the row that pools every region. */
  public static final String ALL = "all";

  public PointKey key() {
    return new PointKey(scenario, params);
  }

  public Long p99() {
    return latencyMicros == null ? null : latencyMicros.getP99();
  }

  /** True when the row is read by its MB/s. */
  @JsonIgnore
  public boolean bandwidthFirst() {
    return Headline.BANDWIDTH.text().equals(headline);
  }

  /** The headline figure: MB/s for a bandwidth row, operations/s otherwise. */
  @JsonIgnore
  public Double headlineValue() {
    return bandwidthFirst() ? megabytesPerSecond : throughputMean;
  }

  @JsonIgnore
  public Double headlineStddev() {
    return bandwidthFirst() ? megabytesPerSecondStddev : throughputStddev;
  }

  /** The headline's unit: MB/s, or the rate unit (ops/s when unknown). */
  @JsonIgnore
  public String headlineUnit() {
    return bandwidthFirst() ? "MB/s" : rateUnit == null ? "ops/s" : rateUnit;
  }

  /** The parameters as a person reads them: each value's label where the matrix gives one, else name=value. */
  @JsonIgnore
  public String paramsText() {
    StringBuilder b = new StringBuilder();
    if (params != null) {
      params.forEach((k, v) -> {
        b.append(b.length() == 0 ? "" : ", ");
        String label = labels == null ? null : labels.get(k);
        b.append(label != null ? label : k + "=" + v);
      });
    }
    return b.toString();
  }
}
