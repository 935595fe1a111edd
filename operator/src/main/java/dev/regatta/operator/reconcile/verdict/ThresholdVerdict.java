package dev.regatta.operator.reconcile.verdict;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.result.ResultMerger;
import dev.regatta.thresholds.BaselineRows;
import dev.regatta.thresholds.ThresholdExpr;
import dev.regatta.thresholds.ThresholdJudge;
import java.util.List;
import java.util.Optional;

/**
 * The verdict of spec.thresholds, for the step that ends a run whose results merged cleanly: judged on the very
 * rows written into status.results ({@link ThresholdJudge}), written into status.thresholds, status.verdict (the
 * VERDICT column) and the {@value #CONDITION} condition. A run without thresholds gets none of these. Criteria
 * relative to a baseline are judged against the run {@link BaselineLookup} finds, and the
 * {@value BaselineLookup#CONDITION} condition says which run, or why none could be compared.
 *
 * <p>A run that failed for another cause is not judged: its rows are not the run that was asked for, so neither
 * a pass nor a fail would be true; the condition is left out (Unknown) and the run's own cause stands.
 */
public final class ThresholdVerdict {
  private final BaselineLookup baselines = new BaselineLookup();

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
    BenchmarkRunStatus status = run.status();
    BaselineLookup.Found baseline = relative(thresholds) ? baselines.find(run) : null;
    ThresholdJudge.Verdict v = ThresholdJudge.judge(thresholds, merged, baseline == null ? null : baseline.rows());
    if (baseline != null) {
      recordBaseline(run, baseline, v);
    }
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

  private static boolean relative(List<Threshold> thresholds) {
    for (Threshold t : thresholds) {
      try {
        if (t != null && ThresholdExpr.parse(t.getExpr()).relative()) {
          return true;
        }
      } catch (ThresholdExpr.Invalid e) {
        // judged as "cannot be judged" by ThresholdJudge
      }
    }
    return false;
  }

  /**
   * The {@value BaselineLookup#CONDITION} condition: which run was compared with, or why no comparison could be
   * made (no baseline, not finished, failed, or a selected row it does not have).
   */
  private static void recordBaseline(RunContext run, BaselineLookup.Found found, ThresholdJudge.Verdict v) {
    BaselineRows rows = found.rows();
    BenchmarkRunStatus status = run.status();
    if (rows == null || rows.unusable() != null) {
      String why = rows == null ? "the run names no baseline (spec.baseline)" : rows.unusable();
      Conditions.set(status, BaselineLookup.CONDITION, false, found.reason(), why, run.generation(), run.now());
      return;
    }
    List<String> missing = v.results().stream().map(ThresholdResult::getReason)
        .filter(r -> r != null && r.contains(" has no row in baseline run ")).toList();
    if (!missing.isEmpty()) {
      Conditions.set(status, BaselineLookup.CONDITION, false, BaselineLookup.ROW_MISSING,
          String.join("; ", missing), run.generation(), run.now());
      return;
    }
    Conditions.set(status, BaselineLookup.CONDITION, true, "Compared", "compared with run " + rows.run(),
        run.generation(), run.now());
  }
}
