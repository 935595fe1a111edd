package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Settings a scenario inherits unless it sets its own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.duration) && has(self.iterations))",
    message = "set duration or iterations, not both")
public class ScenarioDefaults {
  public static final String DEFAULT_DURATION = "10s";
  public static final String DEFAULT_WARMUP = "0s";

  private Load load;

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Measured time per scenario point and repeat, e.g. 30s. Default 10s unless iterations is set.")
  private String duration;

  @Min(1)
  @Max(Limits.MAX_ITERATIONS)
  @JsonPropertyDescription("Measured operations per pod per scenario point and repeat, instead of a duration.")
  private Long iterations;

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Unmeasured time before each measured window. Default 0s.")
  private String warmup;

  @Min(1)
  @Max(Limits.MAX_REPEATS)
  @JsonPropertyDescription("How many times each scenario point is measured. Default 1.")
  private Integer repeats;

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
}
