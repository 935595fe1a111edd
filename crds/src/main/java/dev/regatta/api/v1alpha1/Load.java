package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * How load is offered. closed: a fixed number of connections, each sending its next request when the
 * last one completes (wrk, k6 constant-vus). open: requests at a fixed or ramping arrival rate whatever
 * the target does, latency measured from the intended send time (wrk2, k6 constant-arrival-rate).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// model has no schema default (an absent model means closed), and reading an absent field is an error in
// CEL, so every rule asks has(self.model) first.
@ValidationRule(value = "(has(self.model) && self.model == 'open') || (!has(self.rate) && !has(self.stages))",
    message = "rate and stages go only with model: open")
@ValidationRule(value = "!has(self.model) || self.model != 'open' || has(self.rate) || (has(self.stages) && size(self.stages) > 0)",
    message = "model: open needs a rate or stages")
public class Load {
  public enum Model {
    @JsonProperty("closed") CLOSED,
    @JsonProperty("open") OPEN
  }

  @JsonPropertyDescription("closed (constant concurrency) or open (constant or ramping arrival rate). Default closed.")
  private Model model;

  @Min(1)
  @Max(Limits.MAX_CONNECTIONS)
  @JsonPropertyDescription("closed: concurrent connections per pod. open: the most connections per pod that may be in flight.")
  private Integer connections;

  @Min(0.001)
  @Max(Limits.MAX_RATE)
  @JsonPropertyDescription("open: requests per second per pod.")
  private Double rate;

  @JsonPropertyDescription("open: ramp stages, each moving the rate linearly to its target over its duration (k6 ramping-arrival-rate).")
  @Size(max = Limits.MAX_STAGES)
  private List<Stage> stages = new ArrayList<>();

  public Load() {}

  public static Load closed(int connections) {
    Load l = new Load();
    l.model = Model.CLOSED;
    l.connections = connections;
    return l;
  }

  public static Load open(double rate, int connections) {
    Load l = new Load();
    l.model = Model.OPEN;
    l.rate = rate;
    l.connections = connections;
    return l;
  }

  public Model getModel() { return model; }
  public void setModel(Model model) { this.model = model; }
  public Integer getConnections() { return connections; }
  public void setConnections(Integer connections) { this.connections = connections; }
  public Double getRate() { return rate; }
  public void setRate(Double rate) { this.rate = rate; }
  public List<Stage> getStages() { return stages; }
  public void setStages(List<Stage> stages) { this.stages = stages; }

  /** The model, defaulting to closed. */
  public Model effectiveModel() {
    return model == null ? Model.CLOSED : model;
  }
}
