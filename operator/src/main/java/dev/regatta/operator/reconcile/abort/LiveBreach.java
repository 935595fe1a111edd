package dev.regatta.operator.reconcile.abort;

import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.thresholds.ThresholdExpr;
import dev.regatta.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A criterion with abortOnFail that the fleet's live figures breached: which one, on which point, the value
 * observed over what that point had measured so far, and the bound.
 *
 * @param index the criterion's place in spec.thresholds
 * @param point the point, for a person: "get {size=64Ki}"
 * @param observed the fleet's figure so far, in the figure's base unit
 * @param seconds how long the point had measured (its complete fleet intervals, every repeat so far)
 * @param endMillis the end of the latest fleet interval in it (epoch ms)
 */
public record LiveBreach(int index, Threshold threshold, ThresholdExpr expr, Duration delay, String point,
    double observed, double seconds, long endMillis) {

  /** "p99 < 1ms", as written. */
  public String criterion() {
    return threshold.getExpr() == null ? expr.text() : threshold.getExpr().strip();
  }

  public String observedText() {
    return ThresholdExpr.describe(expr.figure(), observed);
  }

  public String boundText() {
    return expr.op().symbol() + " " + expr.boundText();
  }

  /** Why the run was aborted, for its status, the Completed condition and the Warning Event. */
  public String message() {
    return "aborted on a live breach of spec.thresholds[" + index + "] '" + criterion() + "' (abortOnFail): "
        + observedText() + " on " + point + ", bound " + boundText() + "; the fleet's figure over the "
        + String.format(Locale.ROOT, "%.1f", seconds) + " s the point had measured up to "
        + Instant.ofEpochMilli(endMillis) + (delay.isZero() ? "" : " (delayAbortEval " + Durations.format(delay)
        + ")");
  }

  /** The criterion's entry in status.thresholds: failed, with the live figure. */
  public ThresholdResult result() {
    ThresholdResult r = new ThresholdResult();
    r.setCriterion(criterion());
    r.setSelection(threshold.selection());
    r.setRow(point);
    r.setObserved(observedText());
    r.setObservedValue(observed);
    r.setBound(boundText());
    r.setBoundValue(expr.bound());
    r.setUnit(expr.figure().kind().baseUnit());
    r.setPassed(false);
    r.setReason("breached live: the fleet's figure over the " + String.format(Locale.ROOT, "%.1f", seconds)
        + " s measured so far; the run was aborted (abortOnFail)");
    return r;
  }
}
