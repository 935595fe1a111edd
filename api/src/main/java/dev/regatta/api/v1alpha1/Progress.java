package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * status.progress while a run is Running: the fleet's last live interval and the run so far, from the intervals the
 * operator pulls from every runner (docs/PROTOCOL.md, "Live intervals"). Percentiles are read from the pods'
 * interval histograms added up, never averaged. Written at most every 10 seconds; the final rows replace it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Progress {
  @JsonPropertyDescription("Time since the common start instant, e.g. 1m5s.")
  private String elapsed;
  @JsonPropertyDescription("The planned length of every point's warm-up and windows, all repeats, e.g. 2m (preparing "
      + "points adds to it).")
  private String expected;
  @JsonPropertyDescription("The scenario the last interval measured.")
  private String scenario;
  @JsonPropertyDescription("Its parameter point.")
  private Map<String, String> params;
  @JsonPropertyDescription("Its repeat, from 1.")
  private Integer repeat;
  @JsonPropertyDescription("When the last fleet interval ended (RFC 3339).")
  private String intervalEnd;
  @JsonPropertyDescription("The last interval's length in seconds.")
  private Double intervalSeconds;
  @JsonPropertyDescription("Operations per second over the last interval, the whole fleet, humanised, e.g. 182.4k ops/s.")
  private String throughput;
  private Double throughputPerSecond;
  @JsonPropertyDescription("Payload bytes per second over the last interval, decimal MB/s.")
  private Double megabytesPerSecond;
  @JsonPropertyDescription("The fleet's p99 latency of the last interval, humanised, e.g. 1.24ms.")
  private String p99;
  @JsonPropertyDescription("The fleet's exact p50 latency of the last interval (the pods' histograms added up).")
  private Long p50Micros;
  @JsonPropertyDescription("The fleet's exact p99 latency of the last interval (the pods' histograms added up).")
  private Long p99Micros;
  @JsonPropertyDescription("The fleet's p50 latency of every interval so far, all points together.")
  private Long runP50Micros;
  @JsonPropertyDescription("The fleet's p99 latency of every interval so far, all points together.")
  private Long runP99Micros;
  @JsonPropertyDescription("Operations completed so far (errors included), the whole fleet.")
  private Long count;
  private Long errors;
  @JsonPropertyDescription("Open-model operations not sent in time so far.")
  private Long dropped;
  @JsonPropertyDescription("Runners whose interval is in the last fleet interval.")
  private Integer podsReporting;
  private Integer podsExpected;
  @JsonPropertyDescription("The last interval per region, when the run's pods are in two or more: each region's pods' "
      + "histograms added up, rates over the fleet interval's length (so they add up to the fleet's).")
  private List<RegionProgress> byRegion;

  public String getElapsed() { return elapsed; }
  public void setElapsed(String elapsed) { this.elapsed = elapsed; }
  public String getExpected() { return expected; }
  public void setExpected(String expected) { this.expected = expected; }
  public String getScenario() { return scenario; }
  public void setScenario(String scenario) { this.scenario = scenario; }
  public Map<String, String> getParams() { return params; }
  public void setParams(Map<String, String> params) { this.params = params; }
  public Integer getRepeat() { return repeat; }
  public void setRepeat(Integer repeat) { this.repeat = repeat; }
  public String getIntervalEnd() { return intervalEnd; }
  public void setIntervalEnd(String intervalEnd) { this.intervalEnd = intervalEnd; }
  public Double getIntervalSeconds() { return intervalSeconds; }
  public void setIntervalSeconds(Double intervalSeconds) { this.intervalSeconds = intervalSeconds; }
  public String getThroughput() { return throughput; }
  public void setThroughput(String throughput) { this.throughput = throughput; }
  public Double getThroughputPerSecond() { return throughputPerSecond; }
  public void setThroughputPerSecond(Double throughputPerSecond) { this.throughputPerSecond = throughputPerSecond; }
  public Double getMegabytesPerSecond() { return megabytesPerSecond; }
  public void setMegabytesPerSecond(Double megabytesPerSecond) { this.megabytesPerSecond = megabytesPerSecond; }
  public String getP99() { return p99; }
  public void setP99(String p99) { this.p99 = p99; }
  public Long getP50Micros() { return p50Micros; }
  public void setP50Micros(Long p50Micros) { this.p50Micros = p50Micros; }
  public Long getP99Micros() { return p99Micros; }
  public void setP99Micros(Long p99Micros) { this.p99Micros = p99Micros; }
  public Long getRunP50Micros() { return runP50Micros; }
  public void setRunP50Micros(Long runP50Micros) { this.runP50Micros = runP50Micros; }
  public Long getRunP99Micros() { return runP99Micros; }
  public void setRunP99Micros(Long runP99Micros) { this.runP99Micros = runP99Micros; }
  public Long getCount() { return count; }
  public void setCount(Long count) { this.count = count; }
  public Long getErrors() { return errors; }
  public void setErrors(Long errors) { this.errors = errors; }
  public Long getDropped() { return dropped; }
  public void setDropped(Long dropped) { this.dropped = dropped; }
  public Integer getPodsReporting() { return podsReporting; }
  public void setPodsReporting(Integer podsReporting) { this.podsReporting = podsReporting; }
  public Integer getPodsExpected() { return podsExpected; }
  public void setPodsExpected(Integer podsExpected) { this.podsExpected = podsExpected; }
  public List<RegionProgress> getByRegion() { return byRegion; }
  public void setByRegion(List<RegionProgress> byRegion) { this.byRegion = byRegion; }
}
