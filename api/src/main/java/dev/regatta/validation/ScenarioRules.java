package dev.regatta.validation;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.MatrixExpander;
import dev.regatta.units.Humanize;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** spec.scenarios: names, exactly one workload each, their durations and load, and their matrices. */
final class ScenarioRules {
  private ScenarioRules() {}

  static void scenarios(Checks c, BenchmarkRunSpec spec) {
    List<Scenario> scenarios = spec.getScenarios();
    if (scenarios == null || scenarios.isEmpty()) {
      c.fail("spec.scenarios", "at least one scenario is required");
      return;
    }
    if (scenarios.size() > Limits.MAX_SCENARIOS) {
      c.fail("spec.scenarios", "at most " + Limits.MAX_SCENARIOS + " scenarios, got " + scenarios.size());
      return;
    }
    // Every point is measured and becomes a row of status.results: the points of all scenarios together are
    // bounded as one scenario's are, and expanded (to check each point) only within that bound.
    long points = 0;
    for (Scenario s : scenarios) {
      points = s == null ? points : saturatedAdd(points, MatrixExpander.size(s.getMatrix()));
    }
    boolean expand = points <= MatrixExpander.MAX_POINTS;
    if (!expand) {
      c.fail("spec.scenarios", "the matrices have " + (points == Long.MAX_VALUE ? "more than 2^63" : points)
          + " points in all, at most " + MatrixExpander.MAX_POINTS);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      String f = "spec.scenarios[" + i + "]";
      if (s == null) {
        c.fail(f, "is empty");
        continue;
      }
      if (s.getName() == null || !Checks.SCENARIO_NAME.matcher(s.getName()).matches()) {
        c.fail(f + ".name", Humanize.quote(s.getName()) + " must be 1-63 characters of a-z, 0-9, '-', '_', '.'");
      } else if (!names.add(s.getName())) {
        c.fail(f + ".name", Humanize.quote(s.getName()) + " is used by another scenario");
      }
      int workloads = 0;
      for (WorkloadKind k : WorkloadKind.values()) {
        workloads += k.of(s) != null ? 1 : 0;
      }
      if (workloads != 1) {
        c.fail(f, "a scenario needs exactly one workload: redis, http, s3, kafka, stream, grpc or external (got " + workloads
            + ")");
      }
      LoadRules.defaults(c, f, s);
      for (WorkloadKind k : WorkloadKind.values()) {
        if (k.of(s) != null) {
          WorkloadRules.check(c, f + "." + k.field(), k, k.of(s));
        }
      }
      if (workloads == 1 && s.getExternal() != null) {
        ExternalRules.placeholders(c, f + ".external", s);
      }
      MatrixRules.matrix(c, f, s, spec, workloads == 1, expand);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a || sum < b ? Long.MAX_VALUE : sum;
  }
}
