package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One ramp stage of the open model. */
public class Stage {
  @Required
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  private String duration;

  @Required
  @Min(0)
  @Max(Limits.MAX_RATE)
  @JsonPropertyDescription("Target rate (requests/s per pod) at the end of the stage.")
  private Double rate;

  public Stage() {}

  public Stage(String duration, double rate) {
    this.duration = duration;
    this.rate = rate;
  }

  public String getDuration() { return duration; }
  public void setDuration(String duration) { this.duration = duration; }
  public Double getRate() { return rate; }
  public void setRate(Double rate) { this.rate = rate; }
}
