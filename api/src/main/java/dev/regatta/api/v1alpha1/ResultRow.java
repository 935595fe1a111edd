package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One merged row of status.results: a scenario at one parameter point, pooled over pods and repeats. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResultRow extends RowFigures {
  private String scenario;
  @JsonPropertyDescription("The point's parameter values, as the run writes them.")
  private Map<String, String> params = new LinkedHashMap<>();
  @JsonPropertyDescription("Labels of the point's values (matrix labels), by parameter, e.g. url: config-a.")
  private Map<String, String> labels;
  @JsonPropertyDescription("The figure the scenario is about: throughput (rateUnit) or bandwidth (megabytesPerSecond).")
  private String headline;
  @JsonPropertyDescription("What one operation is, per second: req/s, ops/s, msg/s or tasks/s.")
  private String rateUnit;
  @JsonPropertyDescription("Repeats merged into this row.")
  private Integer repeats;
  @JsonPropertyDescription("Mean of the per-repeat fleet throughputs (operations/s).")
  private Double throughputMean;
  @JsonPropertyDescription("Sample standard deviation of the per-repeat fleet throughputs (operations/s).")
  private Double throughputStddev;
  @JsonPropertyDescription("Sample standard deviation of the per-repeat fleet bandwidths (decimal MB/s).")
  private Double megabytesPerSecondStddev;
  @JsonPropertyDescription("Stream: from the first task emitted to the last task done, seconds (the longest pod's, "
      + "averaged over repeats).")
  private Double makespanSeconds;
  @JsonPropertyDescription("HTTP checks (http.expect), in declared order: passes, fails and the pass rate of each.")
  private List<CheckRate> checks;
  @JsonPropertyDescription("Pods whose window of this row was cut short by a stop (SIGTERM: an aborted run, a deleted "
      + "pod); their throughput counts the time they really measured (status.faults, StoppedEarly). Absent: every "
      + "window was whole.")
  private Integer stoppedEarly;
  private List<RegionRow> byRegion = new ArrayList<>();

  public String getScenario() { return scenario; }
  public void setScenario(String scenario) { this.scenario = scenario; }
  public Map<String, String> getParams() { return params; }
  public void setParams(Map<String, String> params) { this.params = params; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public String getHeadline() { return headline; }
  public void setHeadline(String headline) { this.headline = headline; }
  public String getRateUnit() { return rateUnit; }
  public void setRateUnit(String rateUnit) { this.rateUnit = rateUnit; }
  public Double getMegabytesPerSecondStddev() { return megabytesPerSecondStddev; }
  public void setMegabytesPerSecondStddev(Double megabytesPerSecondStddev) { this.megabytesPerSecondStddev = megabytesPerSecondStddev; }
  public Double getMakespanSeconds() { return makespanSeconds; }
  public void setMakespanSeconds(Double makespanSeconds) { this.makespanSeconds = makespanSeconds; }
  public List<CheckRate> getChecks() { return checks; }
  public void setChecks(List<CheckRate> checks) { this.checks = checks; }
  public Integer getRepeats() { return repeats; }
  public void setRepeats(Integer repeats) { this.repeats = repeats; }
  public Double getThroughputMean() { return throughputMean; }
  public void setThroughputMean(Double throughputMean) { this.throughputMean = throughputMean; }
  public Double getThroughputStddev() { return throughputStddev; }
  public void setThroughputStddev(Double throughputStddev) { this.throughputStddev = throughputStddev; }
  public Integer getStoppedEarly() { return stoppedEarly; }
  public void setStoppedEarly(Integer stoppedEarly) { this.stoppedEarly = stoppedEarly; }
  public List<RegionRow> getByRegion() { return byRegion; }
  public void setByRegion(List<RegionRow> byRegion) { this.byRegion = byRegion; }

  /** True when the row is read by its MB/s rather than its operations per second. */
  public boolean bandwidthFirst() {
    return Headline.BANDWIDTH.text().equals(headline);
  }

  /** One HTTP check over the row's responses. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CheckRate {
    private String name;
    private Long passes;
    private Long fails;
    @JsonPropertyDescription("passes / (passes + fails), 0 to 1.")
    private Double passRate;

    public CheckRate() {}

    public CheckRate(String name, long passes, long fails) {
      this.name = name;
      this.passes = passes;
      this.fails = fails;
      long all = passes + fails;
      this.passRate = all == 0 ? null : Math.round(passes * 1_000_000.0 / all) / 1_000_000.0;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Long getPasses() { return passes; }
    public void setPasses(Long passes) { this.passes = passes; }
    public Long getFails() { return fails; }
    public void setFails(Long fails) { this.fails = fails; }
    public Double getPassRate() { return passRate; }
    public void setPassRate(Double passRate) { this.passRate = passRate; }
  }

  /** The same figures for the pods of one region. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RegionRow extends RowFigures {
    private String region;

    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
  }

}
