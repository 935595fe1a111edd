package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Settings a scenario inherits unless it sets its own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScenarioDefaults {
  public static final String DEFAULT_DURATION = "10s";
  public static final String DEFAULT_WARMUP = "0s";

  private Load load;

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Measured time per scenario point and repeat, e.g. 30s. Default 10s unless iterations is set; "
      + "with iterations, the most time the window may take (k6 maxDuration): it ends at whichever comes first.")
  private String duration;

  @Min(1)
  @Max(Limits.MAX_ITERATIONS)
  @JsonPropertyDescription("Measured operations per pod per scenario point and repeat, shared by its connections (k6 "
      + "shared-iterations). With duration too, the window ends at whichever comes first.")
  private Long iterations;

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Unmeasured time before each measured window. Default 0s.")
  private String warmup;

  @Min(1)
  @Max(Limits.MAX_REPEATS)
  @JsonPropertyDescription("How many times each scenario point is measured. Default 1.")
  private Integer repeats;

  @Size(max = Limits.MAX_PERCENTILES)
  @JsonPropertyDescription("Latency percentiles the reports show, e.g. [50, 90, 95, 99, 99.9, 99.99] (each above 0 "
      + "and below 100). Default [50, 90, 95, 99, 99.9]. Rows always carry p50, p75, p90, p95, p99 and p99.9; others "
      + "asked for here are added to latencyMicros.percentiles.")
  private List<@Min(value = 0, inclusive = false) @Max(value = 100, inclusive = false) Double> percentiles;

  public Load getLoad() { return load; }
  public void setLoad(Load load) { this.load = load; }
  public String getDuration() { return duration; }
  public void setDuration(String duration) { this.duration = duration; }
  public Long getIterations() { return iterations; }
  public void setIterations(Long iterations) { this.iterations = iterations; }
  public String getWarmup() { return warmup; }
  public void setWarmup(String warmup) { this.warmup = warmup; }
  public Integer getRepeats() { return repeats; }
  public void setRepeats(Integer repeats) { this.repeats = repeats; }
  public List<Double> getPercentiles() { return percentiles; }
  public void setPercentiles(List<Double> percentiles) { this.percentiles = percentiles; }
}
