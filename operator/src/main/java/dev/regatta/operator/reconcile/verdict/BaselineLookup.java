package dev.regatta.operator.reconcile.verdict;

import dev.regatta.api.v1alpha1.Baseline;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.thresholds.BaselineRows;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Finds the run spec.baseline names, in the run's own namespace, read fresh from the API when the run is judged:
 * the named run, or the latest Succeeded run carrying the selector's labels (by completion, this run excluded).
 * A baseline that is not there, has not finished or did not measure cleanly is returned as unusable with the
 * reason, and why is told by the {@value BaselineLookup#CONDITION} condition: never a silent pass.
 */
public final class BaselineLookup {
  /** True when every relative criterion found its rows in the baseline; False with why not. */
  public static final String CONDITION = "BaselineCompared";
  public static final String NOT_FOUND = "BaselineNotFound";
  public static final String NOT_FINISHED = "BaselineNotFinished";
  public static final String FAILED = "BaselineFailed";
  public static final String ROW_MISSING = "BaselineRowMissing";

  /** What was found, with the condition's reason when it cannot be used. */
  public record Found(BaselineRows rows, String reason) {}

  public Found find(RunContext run) {
    Baseline b = run.spec().getBaseline();
    if (b == null) {
      return new Found(null, NOT_FOUND);
    }
    if (b.getRun() != null) {
      return named(run, b.getRun());
    }
    return latest(run, b);
  }

  private static Found named(RunContext run, String name) {
    if (name.equals(run.name())) {
      return unusable(name, NOT_FOUND, "a run cannot be its own baseline");
    }
    BenchmarkRun base = run.cluster().run(name);
    if (base == null) {
      return unusable(name, NOT_FOUND, "run " + name + " not found in namespace " + run.namespace());
    }
    BenchmarkRunStatus s = base.getStatus();
    Phase phase = s == null ? null : s.getPhase();
    if (phase == null || !phase.isFinished()) {
      return unusable(name, NOT_FINISHED, "run " + name + " is " + (phase == null ? "not started" : phase)
          + ": it has not finished");
    }
    Condition completed = s.condition(Conditions.COMPLETED);
    boolean clean = phase == Phase.Succeeded
        || (completed != null && ThresholdVerdict.FAILED.equals(completed.getReason()));
    if (!clean) {
      return unusable(name, FAILED, "run " + name + " failed (" + (completed == null ? "no reason"
          : completed.getReason()) + "): a run that did not measure cleanly is no baseline");
    }
    if (s.getResults() == null || s.getResults().isEmpty()) {
      return unusable(name, FAILED, "run " + name + " has no merged rows");
    }
    return new Found(BaselineRows.of(name, s.getResults()), null);
  }

  /** A nightly run compares itself with the night before: the latest Succeeded run with the labels, not itself. */
  private static Found latest(RunContext run, Baseline b) {
    List<BenchmarkRun> labelled = run.cluster().runsLabelled(b.getSelector()).stream()
        .filter(r -> !run.name().equals(r.getMetadata().getName())).toList();
    List<BenchmarkRun> usable = labelled.stream()
        .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Succeeded
            && r.getStatus().getResults() != null && !r.getStatus().getResults().isEmpty())
        .sorted(Comparator.comparing((BenchmarkRun r) -> Objects.toString(r.getStatus().getCompletionTime(), ""))
            .thenComparing(r -> Objects.toString(r.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(r -> r.getMetadata().getName()))
        .toList();
    if (usable.isEmpty()) {
      String others = labelled.isEmpty() ? "" : " (" + labelled.size() + " labelled run(s), none Succeeded with rows)";
      return unusable(null, labelled.isEmpty() ? NOT_FOUND : NOT_FINISHED, "no Succeeded run in namespace "
          + run.namespace() + " is labelled " + b.getSelector() + others);
    }
    BenchmarkRun base = usable.get(usable.size() - 1);
    return new Found(BaselineRows.of(base.getMetadata().getName(), base.getStatus().getResults()), null);
  }

  private static Found unusable(String name, String reason, String why) {
    return new Found(BaselineRows.unusable(name, why), reason);
  }
}
