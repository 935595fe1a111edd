package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.thresholds.Figure;
import dev.regatta.thresholds.ThresholdExpr;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * spec.thresholds[].abortOnFail and delayAbortEval: a criterion that aborts on a live breach must be one the live
 * intervals can judge, and its grace period must be one it can outlast. The live intervals carry each point's
 * fleet counts, bytes and latency histogram, and nothing else: no check counts, no regions, and no baseline (that
 * is read when the results are in). Such a criterion is refused when applied rather than never firing.
 */
final class AbortRules {
  private AbortRules() {}

  /**
   * @param expr the parsed expression, or null when it did not parse (its own violation says why)
   * @param points every point of the run, or null when they cannot be planned (their own fields say why)
   */
  static List<Violation> check(String f, Threshold t, ThresholdExpr expr, List<ScenarioPlan> points) {
    List<Violation> out = new ArrayList<>();
    String delay = t.getDelayAbortEval();
    if (!t.abortsOnFail()) {
      if (delay != null) {
        out.add(new Violation(f + ".delayAbortEval", "goes only with abortOnFail: true (it delays the live abort "
            + "this criterion does not ask for)"));
      }
      return out;
    }
    String abort = f + ".abortOnFail";
    if (expr != null && expr.relative()) {
      out.add(new Violation(abort, Humanize.quote(expr.text()) + " cannot abort live: a bound relative to a "
          + "baseline is compared when the results are in; bound it absolutely (e.g. '" + expr.subject() + " "
          + expr.op().symbol() + " ...') or drop abortOnFail"));
    }
    if (expr != null && expr.figure() == Figure.CHECKS) {
      out.add(new Violation(abort, Humanize.quote(expr.text()) + " cannot abort live: the live intervals carry "
          + "no check counts; bound errorRate instead (a failed check is an error), or drop abortOnFail"));
    }
    if (t.getRegion() != null) {
      out.add(new Violation(abort, "cannot abort on region " + Humanize.quote(t.getRegion()) + ": the live "
          + "figures are the fleet's, without regions; drop region, or abortOnFail"));
    }
    if (delay == null) {
      return out;
    }
    String d = f + ".delayAbortEval";
    if (!Durations.isValid(delay)) {
      out.add(new Violation(d, Humanize.quote(delay) + " is not a duration: use e.g. 10s, 1m30s (negative "
          + "durations are not allowed)"));
      return out;
    }
    Duration grace;
    try {
      grace = Durations.parse(delay);
    } catch (IllegalArgumentException e) {
      out.add(new Violation(d, e.getMessage()));
      return out;
    }
    Duration longest = longestMeasured(t, points);
    if (longest != null && grace.compareTo(longest) >= 0) {
      out.add(new Violation(d, delay + " is not shorter than what any point it selects measures (at most "
          + Durations.format(longest) + ": window × repeats): the criterion could never abort; use less"));
    }
    return out;
  }

  /**
   * The longest measured time (window × repeats) of the points the criterion selects, or null when one of them
   * has no known length (iterations alone bound it) or the points cannot be planned: then nothing is compared.
   */
  private static Duration longestMeasured(Threshold t, List<ScenarioPlan> points) {
    if (points == null) {
      return null;
    }
    Duration longest = null;
    for (ScenarioPlan p : points) {
      if ((t.getScenario() != null && !t.getScenario().equals(p.scenario()))
          || (t.getParams() != null && !p.params().entrySet().containsAll(t.getParams().entrySet()))) {
        continue;
      }
      if (p.duration() == null || p.duration().isZero()) {
        return null;
      }
      Duration measured = p.duration().multipliedBy(p.repeats());
      longest = longest == null || measured.compareTo(longest) > 0 ? measured : longest;
    }
    return longest;
  }
}
