package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.result.LatencySummary;

/** The figures every merged row carries, fleet-wide or per region. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RowFigures {
  @JsonPropertyDescription("Pods whose results are in this row.")
  private Integer pods;
  private Long count;
  private Long errors;
  private Long dropped;
  @JsonPropertyDescription("Operations in the measured windows / window length, summed over pods, averaged over repeats.")
  private Double throughputPerSecond;
  @JsonPropertyDescription("Successful operations (count - errors) in the measured windows / window length, summed over pods, averaged over repeats: the headline throughput.")
  private Double successPerSecond;
  @JsonPropertyDescription("Payload bytes per second (bytes / window, summed over pods, averaged over repeats).")
  private Double bytesPerSecond;
  @JsonPropertyDescription("Bandwidth: payload megabytes per second, decimal (10^6 bytes), as fio and wrk print MB/s: "
      + "bytesPerSecond / 1000000.")
  private Double megabytesPerSecond;
  @JsonPropertyDescription("Bytes the runners' connections sent in the measured windows (requests, with headers where "
      + "the runner writes them itself; see docs/WORKLOADS.md).")
  private Long bytesSent;
  @JsonPropertyDescription("Bytes the runners' connections received in the measured windows.")
  private Long bytesReceived;
  @JsonPropertyDescription("Percentiles read from the sum of every pod's histogram, never averaged.")
  private LatencySummary latencyMicros;
  @JsonPropertyDescription("Pods whose tool reported only its own percentiles (an external workload's wrk-latency "
      + "results): they are in count, errors and throughput, but percentiles cannot be merged, so latencyMicros is "
      + "left out of this row; each pod's own percentiles are in its result document.")
  private java.util.List<String> percentileOnlyPods;

  public Integer getPods() { return pods; }
  public void setPods(Integer pods) { this.pods = pods; }
  public Long getCount() { return count; }
  public void setCount(Long count) { this.count = count; }
  public Long getErrors() { return errors; }
  public void setErrors(Long errors) { this.errors = errors; }
  public Long getDropped() { return dropped; }
  public void setDropped(Long dropped) { this.dropped = dropped; }
  public Double getThroughputPerSecond() { return throughputPerSecond; }
  public void setThroughputPerSecond(Double throughputPerSecond) { this.throughputPerSecond = throughputPerSecond; }
  public Double getSuccessPerSecond() { return successPerSecond; }
  public void setSuccessPerSecond(Double successPerSecond) { this.successPerSecond = successPerSecond; }
  public Double getBytesPerSecond() { return bytesPerSecond; }
  public void setBytesPerSecond(Double bytesPerSecond) { this.bytesPerSecond = bytesPerSecond; }
  public Double getMegabytesPerSecond() { return megabytesPerSecond; }
  public void setMegabytesPerSecond(Double megabytesPerSecond) { this.megabytesPerSecond = megabytesPerSecond; }
  public Long getBytesSent() { return bytesSent; }
  public void setBytesSent(Long bytesSent) { this.bytesSent = bytesSent; }
  public Long getBytesReceived() { return bytesReceived; }
  public void setBytesReceived(Long bytesReceived) { this.bytesReceived = bytesReceived; }
  public LatencySummary getLatencyMicros() { return latencyMicros; }
  public void setLatencyMicros(LatencySummary latencyMicros) { this.latencyMicros = latencyMicros; }
  public java.util.List<String> getPercentileOnlyPods() { return percentileOnlyPods; }
  public void setPercentileOnlyPods(java.util.List<String> percentileOnlyPods) { this.percentileOnlyPods = percentileOnlyPods; }
}
