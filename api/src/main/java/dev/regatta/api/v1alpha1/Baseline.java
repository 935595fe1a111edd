package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run a threshold such as {@code p99 < 1.10 × baseline} compares with: one named run, or the latest Succeeded
 * run whose labels match (a nightly run compares itself with the night before). Always in the run's own
 * namespace: a name cannot name another, so what a run may read is what its author can see.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "has(self.run) != has(self.selector)",
    message = "a baseline is either a run (a name) or a selector (labels), exactly one")
@ValidationRule(value = "!has(self.run) || !self.run.contains('/')",
    message = "a baseline run is in this run's namespace: write its name only (a name cannot name a namespace)")
public class Baseline {
  /** A run name, as metadata.name of a BenchmarkRun allows it. */
  public static final String RUN_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @Size(max = 253)
  @Pattern(RUN_NAME)
  @JsonPropertyDescription("A BenchmarkRun in this namespace: it must have measured cleanly (Succeeded, or Failed "
      + "only by its own thresholds).")
  private String run;

  @Size(min = 1, max = Limits.MAX_MAP_ENTRIES)
  @JsonPropertyDescription("Labels (all of them, as matchLabels): the latest Succeeded BenchmarkRun in this "
      + "namespace carrying them is the baseline, this run excluded.")
  private Map<String, @Size(max = Limits.MAX_LABEL_VALUE) @Pattern(Placement.LABEL_VALUE) String> selector;

  public Baseline() {}

  public static Baseline run(String name) {
    Baseline b = new Baseline();
    b.run = name;
    return b;
  }

  public static Baseline selector(Map<String, String> labels) {
    Baseline b = new Baseline();
    b.selector = new LinkedHashMap<>(labels);
    return b;
  }

  public String getRun() { return run; }
  public void setRun(String run) { this.run = run; }
  public Map<String, String> getSelector() { return selector; }
  public void setSelector(Map<String, String> selector) { this.selector = selector; }

  /** For a person: "run nightly-41" or "the latest Succeeded run labelled {suite=nightly}". */
  public String describe() {
    return run != null ? "run " + run : "the latest Succeeded run labelled " + selector;
  }
}
