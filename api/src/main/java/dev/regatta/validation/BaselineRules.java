package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Baseline;
import dev.regatta.units.Humanize;

/**
 * spec.baseline: one run of this namespace by name, or a label selector. A name with a namespace in it is
 * refused rather than read in this namespace: a run reads only runs its author can see where it lives.
 */
final class BaselineRules {
  private BaselineRules() {}

  static void baseline(Checks c, Baseline b, String runName) {
    if (b == null) {
      return;
    }
    String f = "spec.baseline";
    boolean hasSelector = b.getSelector() != null;
    if ((b.getRun() == null) == !hasSelector) {
      c.fail(f, "name either run (a BenchmarkRun of this namespace) or selector (its labels), exactly one");
      return;
    }
    String run = b.getRun();
    if (run != null) {
      if (run.contains("/")) {
        c.fail(f + ".run", Humanize.quote(run) + ": a baseline run is in this run's namespace, write its name only "
            + "(a name cannot name a namespace)");
      } else if (!PlacementRules.RUN_NAME.matcher(run).matches() || run.length() > 253) {
        c.fail(f + ".run", Humanize.quote(run) + " is not a run name (lower-case letters, digits and '-')");
      } else if (run.equals(runName)) {
        c.fail(f + ".run", "a run cannot be its own baseline: name an earlier run, or use selector");
      }
      return;
    }
    if (b.getSelector().isEmpty()) {
      c.fail(f + ".selector", "needs at least one label: an empty selector would pick any run");
      return;
    }
    KubernetesFieldRules.labels(c, f + ".selector", b.getSelector(), true);
  }
}
