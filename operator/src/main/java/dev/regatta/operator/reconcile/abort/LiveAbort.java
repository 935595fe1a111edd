package dev.regatta.operator.reconcile.abort;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.live.LiveFleet;
import dev.regatta.operator.reconcile.live.RoundListener;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.verdict.ThresholdVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * abortOnFail in a Running run's reconcile: watches the run's live rounds ({@link BreachWatch}) and, once one saw a
 * breach, aborts the run the way {@code regatta abort} does ({@link AbortRequest#stop}): runners stopped at once,
 * what they measured merged, the run ends Failed with reason Aborted and the breach in its message. status.thresholds
 * shows the breached criterion with its live figure (the others are not judged: the rows are not the run asked
 * for), status.verdict says so, and ThresholdsPassed=False, so that a pipeline sees a missed bar.
 */
public final class LiveAbort {
  /** The reason of ThresholdsPassed=False when a live breach aborted the run. */
  public static final String REASON = "AbortedOnFail";

  private LiveAbort() {}

  /** Starts watching the followed run's live rounds when it has abortOnFail criteria (once). */
  public static void watch(RunContext run, LiveFleet live, LiveWake wake) {
    if (live.roundListener(run.key()) != null) {
      return;
    }
    List<AbortOnFail.Watched> watched = AbortOnFail.watched(run.spec().getThresholds());
    if (!watched.isEmpty()) {
      String name = run.name();
      String namespace = run.namespace();
      live.listenRounds(run.key(), new BreachWatch(watched, () -> wake.wake(name, namespace)));
    }
  }

  /** Aborts the run if its live rounds saw a breach; true when it did. */
  public static boolean abortIfBreached(RunContext run, LiveFleet live) {
    RoundListener l = live.roundListener(run.key());
    if (!(l instanceof BreachWatch w) || w.breach() == null) {
      return false;
    }
    LiveBreach b = w.breach();
    BenchmarkRunStatus status = run.status();
    List<ThresholdResult> results = new ArrayList<>();
    List<Threshold> thresholds = run.spec().getThresholds();
    for (int i = 0; i < thresholds.size(); i++) {
      if (i == b.index()) {
        results.add(b.result());
        continue;
      }
      Threshold t = thresholds.get(i);
      ThresholdResult r = new ThresholdResult();
      r.setCriterion(t == null || t.getExpr() == null ? null : t.getExpr().strip());
      r.setSelection(t == null ? null : t.selection());
      r.setReason("not judged: the run was aborted on a live breach of '" + b.criterion() + "'");
      results.add(r);
    }
    status.setThresholds(results);
    status.setVerdict("Aborted: " + b.criterion());
    String message = b.message();
    Conditions.set(status, ThresholdVerdict.CONDITION, false, REASON, message, run.generation(), run.now());
    RunContext.LOG.warn("{} {}", run.log(), message);
    AbortRequest.stop(run, message);
    return true;
  }
}
