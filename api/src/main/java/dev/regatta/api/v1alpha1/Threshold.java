package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.thresholds.ThresholdExpr;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pass/fail criterion of a run: a figure of the merged rows it selects, bounded. Judged on the exact
 * fleet-merged rows (or one region's rows) when the run's results are in; every selected row must meet it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.expr.matches('" + Threshold.SHAPE_CEL + "')",
    message = "expr must be '<figure> <op> <value>', e.g. 'p99 < 5ms', 'errorRate < 0.1%', 'throughput > 20k/s', "
        + "'mbps > 100', 'checks > 99%', 'check(status-ok) > 99.9%'; figures: p50 p75 p90 p95 p99 p99.9 min max mean "
        + "throughput mbps errorRate droppedRate checks check(NAME); relative: 'p99 < 1.10 × baseline'")
@ValidationRule(value = "!has(self.delayAbortEval) || (has(self.abortOnFail) && self.abortOnFail)",
    message = "delayAbortEval goes only with abortOnFail: true")
@ValidationRule(value = "!has(self.abortOnFail) || !self.abortOnFail || !self.expr.contains('baseline')",
    message = "abortOnFail cannot abort on a bound relative to a baseline (it is compared when the results are in): "
        + "bound it absolutely, or drop abortOnFail")
@ValidationRule(value = "!has(self.abortOnFail) || !self.abortOnFail || !self.expr.matches('^\\\\s*check')",
    message = "abortOnFail cannot abort on checks: the live intervals carry no check counts (checks are judged when "
        + "the results are in)")
@ValidationRule(value = "!has(self.abortOnFail) || !self.abortOnFail || !has(self.region)",
    message = "abortOnFail judges the fleet's live figures, which have no regions: drop region, or abortOnFail")
public class Threshold {
  /** {@link ThresholdExpr#SHAPE} as a CEL string literal (backslashes doubled). */
  static final String SHAPE_CEL = "^\\\\s*[A-Za-z][-A-Za-z0-9.()_]*\\\\s*(<|<=|>|>=)\\\\s*[0-9]+(\\\\.[0-9]+)?"
      + "\\\\s*([A-Za-zµ/%]*|(×|\\\\*|x)\\\\s*baseline)\\\\s*$";
  /** A region name, or * for every region on its own. */
  public static final String EVERY_REGION = "*";

  @Required
  @Size(max = ThresholdExpr.MAX_LENGTH)
  @JsonPropertyDescription("The criterion, k6-style: '<figure> <op> <value>'. Figures: p50, p75, p90, p95, p99, "
      + "p99.9, min, max, mean (latency: us, ms, s), throughput (successful operations/s: 20000, 20k/s, 1.5M/s), "
      + "mbps (MB/s), errorRate and droppedRate (0.1% or 0.001), checks (HTTP checks' pass rate, all of them) and "
      + "check(NAME) (one check's; 99.9% or 0.999). Ops: <, <=, >, >=. Relative to spec.baseline: "
      + "'p99 < 1.10 × baseline', 'throughput > 0.95 * baseline'.")
  private String expr;

  @Pattern("^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$")
  @Size(max = Limits.MAX_SCENARIO_NAME)
  @JsonPropertyDescription("Only this scenario's rows (default: every scenario).")
  private String scenario;

  @Size(max = Limits.MAX_MATRIX_PARAMETERS)
  @JsonPropertyDescription("Only the rows whose parameters include these values, e.g. {valueSize: 64Ki}.")
  private Map<String, @Size(max = Limits.MAX_MATRIX_VALUE) String> params = new LinkedHashMap<>();

  @Pattern("^(\\*|([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  @Size(max = Limits.MAX_LABEL_VALUE)
  @JsonPropertyDescription("Judge one region's rows (a placement's region, or 'unpinned') instead of the fleet's; "
      + "'*' judges every region on its own. Default: the fleet-merged rows.")
  private String region;

  @JsonPropertyDescription("Abort the run as soon as the fleet's live figures breach the bound (k6's abortOnFail): "
      + "judged every live interval on the exact fleet-merged figures of each point it selects, over what that point "
      + "has measured so far. Not for bounds relative to a baseline, checks or a region (refused when applied).")
  private Boolean abortOnFail;

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("With abortOnFail: how long a point must have measured before a breach may abort the run "
      + "(k6's delayAbortEval), e.g. 30s; default 0s. Shorter than the point's measured time (window × repeats).")
  private String delayAbortEval;

  public Threshold() {}

  public Threshold(String expr) {
    this.expr = expr;
  }

  public String getExpr() { return expr; }
  public void setExpr(String expr) { this.expr = expr; }
  public String getScenario() { return scenario; }
  public void setScenario(String scenario) { this.scenario = scenario; }
  public Map<String, String> getParams() { return params; }
  public void setParams(Map<String, String> params) { this.params = params; }
  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public Boolean getAbortOnFail() { return abortOnFail; }
  public void setAbortOnFail(Boolean abortOnFail) { this.abortOnFail = abortOnFail; }
  public String getDelayAbortEval() { return delayAbortEval; }
  public void setDelayAbortEval(String delayAbortEval) { this.delayAbortEval = delayAbortEval; }

  /** True when a live breach aborts the run. */
  public boolean abortsOnFail() {
    return Boolean.TRUE.equals(abortOnFail);
  }

  /** spec.thresholds[].delayAbortEval, or 0s; only for a spec that validated. */
  public java.time.Duration effectiveDelayAbortEval() {
    return delayAbortEval == null ? java.time.Duration.ZERO : Durations.parse(delayAbortEval);
  }

  /** The rows it selects, for a person: "scenario=get {valueSize=64Ki} region=eu-west-1", or "every row". */
  public String selection() {
    StringBuilder b = new StringBuilder();
    if (scenario != null) {
      b.append("scenario=").append(scenario);
    }
    if (params != null && !params.isEmpty()) {
      b.append(b.length() > 0 ? " " : "").append(params.toString());
    }
    if (region != null) {
      b.append(b.length() > 0 ? " " : "").append(EVERY_REGION.equals(region) ? "each region" : "region=" + region);
    }
    return b.length() == 0 ? "every row" : b.toString();
  }
}
