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
  private Map<String, String> params = new LinkedHashMap<>();
  @JsonPropertyDescription("Repeats merged into this row.")
  private Integer repeats;
  @JsonPropertyDescription("Mean of the per-repeat fleet throughputs (ops/s).")
  private Double throughputMean;
  @JsonPropertyDescription("Sample standard deviation of the per-repeat fleet throughputs (ops/s).")
  private Double throughputStddev;
  private List<RegionRow> byRegion = new ArrayList<>();

  public String getScenario() { return scenario; }
  public void setScenario(String scenario) { this.scenario = scenario; }
  public Map<String, String> getParams() { return params; }
  public void setParams(Map<String, String> params) { this.params = params; }
  public Integer getRepeats() { return repeats; }
  public void setRepeats(Integer repeats) { this.repeats = repeats; }
  public Double getThroughputMean() { return throughputMean; }
  public void setThroughputMean(Double throughputMean) { this.throughputMean = throughputMean; }
  public Double getThroughputStddev() { return throughputStddev; }
  public void setThroughputStddev(Double throughputStddev) { this.throughputStddev = throughputStddev; }
  public List<RegionRow> getByRegion() { return byRegion; }
  public void setByRegion(List<RegionRow> byRegion) { this.byRegion = byRegion; }

  /** The same figures for the pods of one region. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RegionRow extends RowFigures {
    private String region;

    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
  }

}
