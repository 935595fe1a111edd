package dev.regatta.validation;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.HttpCheck;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.matrix.MatrixExpander;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.ResultMerger;
import dev.regatta.thresholds.Figure;
import dev.regatta.thresholds.ThresholdExpr;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * spec.thresholds: each expression parses ({@link ThresholdExpr}), and each selection can match a row of this
 * run: a scenario it has, parameters of a point of its matrix, a region of its placements. A typo is refused
 * when the run is applied, not found out when its results are in.
 */
final class ThresholdRules {
  private ThresholdRules() {}

  static List<Violation> check(BenchmarkRunSpec spec) {
    List<Violation> out = new ArrayList<>();
    List<Threshold> thresholds = spec.getThresholds();
    if (thresholds == null || thresholds.isEmpty()) {
      return out;
    }
    if (thresholds.size() > Limits.MAX_THRESHOLDS) {
      out.add(new Violation("spec.thresholds", "at most " + Limits.MAX_THRESHOLDS + " criteria, got "
          + thresholds.size()));
      return out;
    }
    List<ScenarioPlan> points = points(spec);
    Set<String> regions = regions(spec);
    for (int i = 0; i < thresholds.size(); i++) {
      String f = "spec.thresholds[" + i + "]";
      Threshold t = thresholds.get(i);
      if (t == null) {
        out.add(new Violation(f, "is empty"));
        continue;
      }
      ThresholdExpr expr = null;
      try {
        expr = ThresholdExpr.parse(t.getExpr());
      } catch (ThresholdExpr.Invalid e) {
        out.add(new Violation(f + ".expr", e.getMessage()));
      }
      if (expr != null && expr.relative() && spec.getBaseline() == null) {
        out.add(new Violation(f + ".expr", Humanize.quote(t.getExpr()) + " is relative to a baseline: name one in "
            + "spec.baseline (run: NAME, or selector: {LABEL: VALUE})"));
      }
      if (expr != null && expr.figure() == Figure.CHECKS) {
        out.addAll(checkRules(spec, f, t, expr));
      }
      out.addAll(AbortRules.check(f, t, expr, points));
      String scenario = t.getScenario();
      if (scenario != null && spec.getScenarios() != null && spec.getScenarios().stream()
          .noneMatch(s -> s != null && scenario.equals(s.getName()))) {
        out.add(new Violation(f + ".scenario", "no scenario is named " + Humanize.quote(scenario) + "; the run's "
            + "scenarios: " + spec.getScenarios().stream().filter(Objects::nonNull).map(Scenario::getName).toList()));
      } else if (t.getParams() != null && !t.getParams().isEmpty() && points != null
          && points.stream().noneMatch(p -> (scenario == null || scenario.equals(p.scenario()))
              && p.params().entrySet().containsAll(t.getParams().entrySet()))) {
        out.add(new Violation(f + ".params", Humanize.quote(t.getParams()) + " matches no point of "
            + (scenario == null ? "any scenario's" : "scenario " + Humanize.quote(scenario) + "'s") + " matrix"
            + example(points, scenario)));
      }
      String region = t.getRegion();
      if (region != null && !Threshold.EVERY_REGION.equals(region) && !regions.contains(region)) {
        out.add(new Violation(f + ".region", "no placement runs in region " + Humanize.quote(region)
            + "; the run's regions: " + regions + " (or '*' for each)"));
      }
    }
    return out;
  }

  /**
   * A check criterion must be judgeable on every row it selects: each selected scenario declares the checks
   * (http.expect; the named one for check(NAME)), and the rows are the fleet's (check counts are not merged per
   * region). Otherwise a criterion would fail on every run for a reason known when it was applied.
   */
  private static List<Violation> checkRules(BenchmarkRunSpec spec, String f, Threshold t, ThresholdExpr expr) {
    List<Violation> out = new ArrayList<>();
    if (t.getRegion() != null) {
      out.add(new Violation(f + ".region", expr.subject() + " is judged on the fleet's rows only (check counts "
          + "are not merged per region): drop region"));
    }
    if (spec.getScenarios() == null) {
      return out;
    }
    for (Scenario s : spec.getScenarios()) {
      if (s == null || (t.getScenario() != null && !t.getScenario().equals(s.getName()))) {
        continue;
      }
      List<String> names = s.getHttp() == null || s.getHttp().getExpect() == null ? List.of()
          : s.getHttp().getExpect().stream().filter(Objects::nonNull).map(HttpCheck::getName).toList();
      if (names.isEmpty()) {
        out.add(new Violation(f + ".expr", expr.subject() + ": scenario " + Humanize.quote(s.getName())
            + " has no checks (http.expect)" + (t.getScenario() == null ? "; select a scenario that has them with "
            + "scenario: NAME" : "")));
      } else if (expr.check() != null && !names.contains(expr.check())) {
        out.add(new Violation(f + ".expr", "scenario " + Humanize.quote(s.getName()) + " has no check named "
            + Humanize.quote(expr.check()) + "; its checks: " + names));
      }
    }
    return out;
  }

  /** Every point of the run, or null when the matrices cannot be expanded (their own fields say why). */
  private static List<ScenarioPlan> points(BenchmarkRunSpec spec) {
    if (spec.getScenarios() == null) {
      return null;
    }
    long n = 0;
    for (Scenario s : spec.getScenarios()) {
      if (s == null) {
        return null;
      }
      n += MatrixExpander.size(s.getMatrix());
      if (n > MatrixExpander.MAX_POINTS || n < 0) {
        return null;
      }
    }
    try {
      return ScenarioPlan.of(spec);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String example(List<ScenarioPlan> points, String scenario) {
    return points.stream().filter(p -> (scenario == null || scenario.equals(p.scenario())) && !p.params().isEmpty())
        .findFirst().map(p -> ", e.g. " + Humanize.quote(p.params())).orElse(" (it has no matrix)");
  }

  /** The regions the run's rows can have: its placements' regions, and 'unpinned' for a placement without one. */
  private static Set<String> regions(BenchmarkRunSpec spec) {
    Set<String> regions = new LinkedHashSet<>();
    if (spec.getPlacements() != null) {
      for (Placement p : spec.getPlacements()) {
        if (p != null) {
          regions.add(p.getRegion() == null || p.getRegion().isEmpty() ? ResultMerger.NO_REGION : p.getRegion());
        }
      }
    }
    return regions;
  }
}
