package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.api.read.Unreadable;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf",
    message = "spec is immutable once the run is created: delete the run and apply it again, or apply it under a new name")
@ValidationRule(value = "self.scenarios.all(s, self.scenarios.exists_one(t, t.name == s.name))",
    message = "scenario names must be unique")
@ValidationRule(value = "self.placements.all(p, self.placements.exists_one(q, q.name == p.name))",
    message = "placement names must be unique")
public class BenchmarkRunSpec {
  /** spec.liveInterval when the run does not set it. */
  public static final String DEFAULT_LIVE_INTERVAL = "5s";

  @JsonPropertyDescription("The runner container and pod settings shared by every runner pod.")
  private RunnerTemplate runner = new RunnerTemplate();

  @Required
  @Size(min = 1, max = Limits.MAX_PLACEMENTS)
  @JsonPropertyDescription("Where runner pods go: one Indexed Job per placement group, pinned to a region and/or zone.")
  private List<Placement> placements = new ArrayList<>();

  @Size(max = Limits.MAX_SIDECARS)
  @JsonPropertyDescription("Containers started beside each runner before it prepares, e.g. a redis-server preloaded with a blob.")
  private List<Sidecar> sidecars = new ArrayList<>();

  @JsonPropertyDescription("Defaults for every scenario: load, duration or iterations, warm-up, repeats.")
  private ScenarioDefaults defaults = new ScenarioDefaults();

  @Required
  @Size(min = 1, max = Limits.MAX_SCENARIOS)
  @JsonPropertyDescription("What to measure, in order. Each scenario has exactly one workload and an optional parameter matrix.")
  private List<Scenario> scenarios = new ArrayList<>();

  @JsonPropertyDescription("Where each runner pod stores its result document: a ConfigMap per pod (default) or an S3 bucket.")
  private ResultSink results;

  @Default("30m")
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Overall deadline for the run, from creation (Job activeDeadlineSeconds). Go-style duration, e.g. 30m, 1h30m.")
  private String timeout = "30m";

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("How long every runner may take to become ready (sidecars up, data preloaded) before the run fails.")
  private String startTimeout = "5m";

  @Default("3s")
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("How far in the future the common start instant is set once every runner is ready.")
  private String startDelay = "3s";

  @Default("24h")
  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("How long a finished run keeps its Jobs and pods; its status and result objects stay.")
  private String ttlAfterFinished = "24h";

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @ValidationRule(value = "duration(self) >= duration('1s')",
      message = "must be at least 1s: shorter intervals cost every runner a histogram swap and encoding for little news")
  @JsonPropertyDescription("How often each runner closes a live interval (counts and a latency histogram) that the "
      + "operator pulls for status.progress while the run is Running. At least 1s and not longer than any measured "
      + "window; default " + BenchmarkRunSpec.DEFAULT_LIVE_INTERVAL + ".")
  private String liveInterval;

  @Size(max = Limits.MAX_THRESHOLDS)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription("Pass/fail criteria judged on the exact fleet-merged rows when the results are in, e.g. "
      + "{expr: 'p99 < 5ms'}. A run that misses one ends Failed with reason ThresholdsFailed (docs/API.md).")
  private List<Threshold> thresholds = new ArrayList<>();

  @JsonPropertyDescription("The run thresholds such as 'p99 < 1.10 × baseline' compare with: {run: NAME} or "
      + "{selector: {LABEL: VALUE}} (the latest Succeeded run in this namespace with those labels, this one excluded).")
  private Baseline baseline;

  @JsonIgnore
  private Unreadable unreadable;

  /** A spec that could not be read from its JSON: every field empty, and what was wrong (see {@link #unreadable()}). */
  public static BenchmarkRunSpec unreadable(Unreadable unreadable) {
    BenchmarkRunSpec s = new BenchmarkRunSpec();
    s.unreadable = unreadable;
    return s;
  }

  /** Null for a spec read whole; else the fields that do not fit the API and the JSON as written. */
  public Unreadable unreadable() {
    return unreadable;
  }

  public RunnerTemplate getRunner() { return runner; }
  public void setRunner(RunnerTemplate runner) { this.runner = runner; }
  public List<Placement> getPlacements() { return placements; }
  public void setPlacements(List<Placement> placements) { this.placements = placements; }
  public List<Sidecar> getSidecars() { return sidecars; }
  public void setSidecars(List<Sidecar> sidecars) { this.sidecars = sidecars; }
  public ScenarioDefaults getDefaults() { return defaults; }
  public void setDefaults(ScenarioDefaults defaults) { this.defaults = defaults; }
  public List<Scenario> getScenarios() { return scenarios; }
  public void setScenarios(List<Scenario> scenarios) { this.scenarios = scenarios; }
  public ResultSink getResults() { return results; }
  public void setResults(ResultSink results) { this.results = results; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public String getStartTimeout() { return startTimeout; }
  public void setStartTimeout(String startTimeout) { this.startTimeout = startTimeout; }
  public String getStartDelay() { return startDelay; }
  public void setStartDelay(String startDelay) { this.startDelay = startDelay; }
  public String getTtlAfterFinished() { return ttlAfterFinished; }
  public String getLiveInterval() { return liveInterval; }
  public void setLiveInterval(String liveInterval) { this.liveInterval = liveInterval; }

  /** spec.liveInterval, or its default; only for a spec that validated. */
  public java.time.Duration effectiveLiveInterval() {
    return Durations.parse(liveInterval == null ? DEFAULT_LIVE_INTERVAL : liveInterval);
  }
  public List<Threshold> getThresholds() { return thresholds; }
  public void setThresholds(List<Threshold> thresholds) { this.thresholds = thresholds; }
  public Baseline getBaseline() { return baseline; }
  public void setBaseline(Baseline baseline) { this.baseline = baseline; }
  public void setTtlAfterFinished(String ttlAfterFinished) { this.ttlAfterFinished = ttlAfterFinished; }

  /** Total runner pods over all placement groups. */
  public int totalPods() {
    return placements == null ? 0 : placements.stream().mapToInt(p -> p.getPods() == null ? 0 : p.getPods()).sum();
  }
}
