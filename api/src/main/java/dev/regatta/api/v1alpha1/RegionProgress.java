package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One region's share of the fleet's last live interval (status.progress.byRegion). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionProgress {
  private String region;
  @JsonPropertyDescription("Operations per second of the region's pods over the last interval.")
  private Double throughputPerSecond;
  private Double megabytesPerSecond;
  @JsonPropertyDescription("Exact p50 of the region's operations in the last interval (its pods' histograms added up).")
  private Long p50Micros;
  @JsonPropertyDescription("Exact p99 of the region's operations in the last interval (its pods' histograms added up).")
  private Long p99Micros;
  @JsonPropertyDescription("Errors in the last interval.")
  private Long errors;
  @JsonPropertyDescription("Open-model operations not sent in time in the last interval.")
  private Long dropped;
  private Integer podsReporting;

  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public Double getThroughputPerSecond() { return throughputPerSecond; }
  public void setThroughputPerSecond(Double throughputPerSecond) { this.throughputPerSecond = throughputPerSecond; }
  public Double getMegabytesPerSecond() { return megabytesPerSecond; }
  public void setMegabytesPerSecond(Double megabytesPerSecond) { this.megabytesPerSecond = megabytesPerSecond; }
  public Long getP50Micros() { return p50Micros; }
  public void setP50Micros(Long p50Micros) { this.p50Micros = p50Micros; }
  public Long getP99Micros() { return p99Micros; }
  public void setP99Micros(Long p99Micros) { this.p99Micros = p99Micros; }
  public Long getErrors() { return errors; }
  public void setErrors(Long errors) { this.errors = errors; }
  public Long getDropped() { return dropped; }
  public void setDropped(Long dropped) { this.dropped = dropped; }
  public Integer getPodsReporting() { return podsReporting; }
  public void setPodsReporting(Integer podsReporting) { this.podsReporting = podsReporting; }
}
