package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.api.v1alpha1.Stage;
import dev.regatta.result.LatencySummary;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How long and how hard a scenario runs: durations, iterations, repeats, the load model and its stages, the
 * percentiles reported. spec.defaults and each scenario hold the same fields, so one check serves both.
 */
final class LoadRules {
  private LoadRules() {}

  static void defaults(Checks c, String f, ScenarioDefaults d) {
    c.positiveDuration(f + ".duration", d.getDuration());
    c.duration(f + ".warmup", d.getWarmup());
    if (d.getIterations() != null) {
      c.range(f + ".iterations", d.getIterations(), 1, Limits.MAX_ITERATIONS);
    }
    if (d.getRepeats() != null) {
      c.range(f + ".repeats", d.getRepeats(), 1, Limits.MAX_REPEATS);
    }
    if (d.getLoad() != null) {
      load(c, f + ".load", d.getLoad());
    }
    percentiles(c, f + ".percentiles", d.getPercentiles());
  }

  private static void percentiles(Checks c, String f, List<Double> percentiles) {
    if (percentiles == null) {
      return;
    }
    if (percentiles.size() > Limits.MAX_PERCENTILES) {
      c.fail(f, "at most " + Limits.MAX_PERCENTILES + " percentiles, got " + percentiles.size());
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < percentiles.size(); i++) {
      Double p = percentiles.get(i);
      if (p == null || !(p > 0 && p < 100)) {
        c.fail(f + "[" + i + "]", "must be above 0 and below 100 (p100 is the max, always shown), got " + p);
      } else if (!seen.add(LatencySummary.key(p))) {
        c.fail(f + "[" + i + "]", p + " is listed twice");
      }
    }
  }

  static void load(Checks c, String f, Load load) {
    boolean open = load.effectiveModel() == Load.Model.OPEN;
    boolean hasStages = load.getStages() != null && !load.getStages().isEmpty();
    if (!open && (load.getRate() != null || hasStages)) {
      c.fail(f + ".rate", "rate and stages go only with model: open (this load is closed)");
    }
    if (open && load.getRate() == null && !hasStages) {
      c.fail(f + ".rate", "model: open needs a rate or stages");
    }
    if (load.getRate() != null) {
      if (!(load.getRate() > 0)) {
        c.fail(f + ".rate", "must be greater than 0, got " + load.getRate());
      } else {
        c.range(f + ".rate", load.getRate(), 0, Limits.MAX_RATE);
      }
    }
    if (load.getConnections() != null) {
      c.range(f + ".connections", load.getConnections(), 1, Limits.MAX_CONNECTIONS);
    }
    if (hasStages) {
      stages(c, f + ".stages", load.getStages());
    }
  }

  private static void stages(Checks c, String f, List<Stage> stages) {
    if (stages.size() > Limits.MAX_STAGES) {
      c.fail(f, "at most " + Limits.MAX_STAGES + " stages, got " + stages.size());
      return;
    }
    for (int i = 0; i < stages.size(); i++) {
      Stage s = stages.get(i);
      String sf = f + "[" + i + "]";
      if (s.getDuration() == null) {
        c.fail(sf + ".duration", "is required");
      } else {
        c.positiveDuration(sf + ".duration", s.getDuration());
      }
      if (s.getRate() == null || !(s.getRate() >= 0)) {
        c.fail(sf + ".rate", "must be 0 or more");
      } else {
        c.range(sf + ".rate", s.getRate(), 0, Limits.MAX_RATE);
      }
    }
  }
}
