package dev.regatta.validation;

import static dev.regatta.validation.SpecValidator.MAX_MATRIX_PARAMETERS;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.MatrixAxis;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.MatrixExpander;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.units.Humanize;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario's matrix: each axis on its own (a parameter of the workload, values or powers of two, labels, the
 * pods axis), then every point it expands to, checked as if its values were written in the scenario.
 */
final class MatrixRules {
  private MatrixRules() {}

  static void matrix(Checks c, String f, Scenario s, BenchmarkRunSpec spec, boolean oneWorkload, boolean expand) {
    ScenarioDefaults defaults = spec.getDefaults();
    Map<String, MatrixAxis> matrix = s.getMatrix();
    if (matrix == null || matrix.isEmpty() || !oneWorkload) {
      return;
    }
    if (matrix.size() > MAX_MATRIX_PARAMETERS) {
      c.fail(f + ".matrix", "sweeps " + matrix.size() + " parameters, at most " + MAX_MATRIX_PARAMETERS);
      return;
    }
    boolean axesOk = true;
    List<String> settable = ScenarioPlan.settableParameters(s.workloadKind());
    for (Map.Entry<String, MatrixAxis> e : matrix.entrySet()) {
      axesOk &= axis(c, f + ".matrix." + e.getKey(), e.getKey(), e.getValue(), settable, s, spec);
    }
    if (!axesOk) {
      return;
    }
    long size = MatrixExpander.size(matrix);
    if (size > MatrixExpander.MAX_POINTS) {
      c.fail(f + ".matrix", "has " + (size == Long.MAX_VALUE ? "more than 2^63" : size) + " points, more than "
          + MatrixExpander.MAX_POINTS);
      return;
    }
    if (!expand) {
      return;
    }
    List<ScenarioPlan> plans;
    try {
      plans = ScenarioPlan.of(s, defaults);
    } catch (IllegalArgumentException e) {
      c.fail(f + ".matrix", e.getMessage());
      return;
    }
    points(c, f, s.workloadKind(), plans);
  }

  /** One axis; false when it is wrong, so the matrix is not expanded from it. */
  private static boolean axis(Checks c, String af, String key, MatrixAxis a, List<String> settable, Scenario s,
      BenchmarkRunSpec spec) {
    if (a == null) {
      c.fail(af, "takes either values or powersOfTwo");
      return false;
    }
    boolean ok = true;
    boolean hasValues = a.getValues() != null && !a.getValues().isEmpty();
    if (hasValues == (a.getPowersOfTwo() != null)) {
      c.fail(af, "takes either values or powersOfTwo");
      ok = false;
    }
    if (hasValues && a.getValues().size() > Limits.MAX_MATRIX_VALUES) {
      c.fail(af + ".values", "at most " + Limits.MAX_MATRIX_VALUES + " values, got " + a.getValues().size());
      ok = false;
    }
    if (a.getPowersOfTwo() != null) {
      Integer from = a.getPowersOfTwo().getFrom();
      Integer to = a.getPowersOfTwo().getTo();
      if (from == null || to == null || from < 0 || to > Limits.MAX_POWER_OF_TWO || from > to) {
        c.fail(af + ".powersOfTwo", "needs 0 <= from <= to <= " + Limits.MAX_POWER_OF_TWO + ", got from " + from
            + " to " + to);
        ok = false;
      }
    }
    if (!settable.contains(key) && !ScenarioPlan.takesAnyParameter(s.workloadKind())) {
      c.fail(af, Humanize.quote(key) + " is not a parameter of the " + s.workloadKind().field()
          + " workload; it can sweep " + settable);
      ok = false;
    }
    ok &= axisValues(c, af, a);
    if (ScenarioPlan.PODS.equals(key)) {
      ok &= podsAxis(c, af, a, s, spec.getDefaults(), spec.totalPods());
    }
    return ok;
  }

  /**
   * Values of an axis are distinct (two equal points would be one row, their figures added up) and its labels,
   * if any, name each value once, in order.
   */
  private static boolean axisValues(Checks c, String af, MatrixAxis a) {
    List<String> values = MatrixExpander.values(a);
    Set<String> seen = new HashSet<>();
    for (String v : values) {
      if (!seen.add(v)) {
        c.fail(af + ".values", Humanize.quote(v) + " is listed twice: each value is one row, and two equal points "
            + "would be added up into it");
        return false;
      }
    }
    List<String> labels = a.getLabels();
    if (labels == null || labels.isEmpty()) {
      return true;
    }
    if (labels.size() != values.size()) {
      c.fail(af + ".labels", "has " + labels.size() + " label(s) for " + values.size() + " value(s): give one label "
          + "per value, in the same order");
      return false;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      String l = labels.get(i);
      String lf = af + ".labels[" + i + "]";
      if (l == null || l.isBlank()) {
        c.fail(lf, "is empty");
        return false;
      }
      if (l.length() > Limits.MAX_MATRIX_LABEL) {
        c.fail(lf, "must be at most " + Limits.MAX_MATRIX_LABEL + " characters, got " + l.length());
        return false;
      }
      if (!names.add(l)) {
        c.fail(lf, Humanize.quote(l) + " labels two values: each label names one value");
        return false;
      }
    }
    return true;
  }

  /**
   * pods: how many of the run's pods drive load at each point (the rest wait). Whole numbers from 1 to the pods
   * the placements give; the idle pods wait as long as the point lasts, so the point must have a duration.
   */
  private static boolean podsAxis(Checks c, String af, MatrixAxis a, Scenario s, ScenarioDefaults defaults,
      int fleet) {
    for (String v : MatrixExpander.values(a)) {
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        c.fail(af, "takes whole numbers of pods, got " + Humanize.quote(v));
        return false;
      }
      if (n < 1) {
        c.fail(af, "takes 1 or more pods, got " + n);
        return false;
      }
      if (n > fleet) {
        c.fail(af, n + " is more pods than the run has (" + fleet + " in spec.placements): at each point that many "
            + "of the run's pods drive load, so the fleet must hold the largest value");
        return false;
      }
    }
    if (s.getStream() != null) {
      c.fail(af, "a stream scenario times its own window, so pods that wait cannot know how long: sweep pods in "
          + "another workload, or use one run per pod count");
      return false;
    }
    boolean ownBound = s.getIterations() != null || s.getDuration() != null;
    String duration = ownBound ? s.getDuration() : defaults == null ? null : defaults.getDuration();
    Long iterations = ownBound ? s.getIterations() : defaults == null ? null : defaults.getIterations();
    if (iterations != null && duration == null) {
      c.fail(af, "needs a duration (with iterations: the longest a point may take): the pods that wait at a point "
          + "wait that long, so that every pod starts the next point together");
      return false;
    }
    return true;
  }

  /**
   * Each matrix point's values must fit the field they set, as if written there: checked on a pass of its own and
   * reported on the matrix key, once per key and message however many points share it.
   */
  private static void points(Checks c, String f, WorkloadKind kind, List<ScenarioPlan> plans) {
    Set<String> reported = new LinkedHashSet<>();
    for (ScenarioPlan plan : plans) {
      Checks point = new Checks(c.urlCredentialsAllowed);
      WorkloadRules.check(point, f + "." + kind.field(), kind, plan.workload());
      LoadRules.load(point, f + ".load", plan.load());
      for (Violation v : point.violations) {
        for (String key : plan.params().keySet()) {
          if (v.field().endsWith("." + key) && reported.add(key + "\n" + v.message())) {
            c.fail(f + ".matrix." + key, v.message());
          }
        }
      }
    }
  }
}
