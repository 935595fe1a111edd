package dev.regatta.operator.reconcile.verdict;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.result.ResultMerger;
import dev.regatta.thresholds.ThresholdJudge;
import java.util.List;
import java.util.Optional;

/**
 * The verdict of spec.thresholds, for the step that ends a run whose results merged cleanly: judged on the very
 * rows written into status.results ({@link ThresholdJudge}), written into status.thresholds, status.verdict (the
 * VERDICT column) and the {@value #CONDITION} condition. A run without thresholds gets none of these.
 *
 * <p>A run that failed for another cause is not judged: its rows are not the run that was asked for, so neither
 * a pass nor a fail would be true; the condition is left out (Unknown) and the run's own cause stands.
 */
public final class ThresholdVerdict {
  /** True when every criterion held; False (reason ThresholdsFailed) naming the ones that did not. */
  public static final String CONDITION = "ThresholdsPassed";
  /** The reason of Completed=False and of the Warning Event when a criterion did not hold. */
  public static final String FAILED = "ThresholdsFailed";

  /**
   * Judges the run's thresholds on {@code merged} and records the outcome in its status.
   *
   * @return why the run fails (the failed criteria with their values), or empty when it passed or has none
   */
  public Optional<String> judge(RunContext run, ResultMerger.Merged merged) {
    List<Threshold> thresholds = run.spec().getThresholds();
    if (thresholds == null || thresholds.isEmpty()) {
      return Optional.empty();
    }
    ThresholdJudge.Verdict v = ThresholdJudge.judge(thresholds, merged);
    BenchmarkRunStatus status = run.status();
    status.setThresholds(v.results());
    status.setVerdict(v.summary());
    if (v.passed()) {
      Conditions.set(status, CONDITION, true, "Passed", "all " + v.results().size() + " threshold(s) held on the "
          + "merged rows", run.generation(), run.now());
      RunContext.LOG.info("{} thresholds passed ({})", run.log(), v.summary());
      return Optional.empty();
    }
    List<ThresholdResult> failed = v.failed();
    String message = "threshold(s) failed (" + failed.size() + " of " + v.results().size() + "): "
        + String.join("; ", failed.stream().map(ThresholdResult::describe).toList());
    Conditions.set(status, CONDITION, false, FAILED, message, run.generation(), run.now());
    return Optional.of(message);
  }
}
