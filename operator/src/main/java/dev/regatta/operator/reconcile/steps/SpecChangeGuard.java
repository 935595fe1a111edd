package dev.regatta.operator.reconcile.steps;

import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;

/**
 * A run's spec is frozen once accepted (a cluster's CEL rule refuses the edit; an API without CEL does not). A
 * change is not acted on: SpecChangeRefused says so, once, and the run goes on with the accepted spec.
 */
public final class SpecChangeGuard {
  private SpecChangeGuard() {}

  public static void check(RunContext run) {
    Long gen = run.run().getMetadata().getGeneration();
    Long accepted = run.status().getObservedGeneration();
    if (gen == null || accepted == null || gen <= accepted) {
      return;
    }
    String message = "spec changed after the run was accepted (generation " + gen + ", accepted " + accepted
        + "): the change is ignored and the run continues with the accepted spec; to run the new spec, delete "
        + "the run and apply it again or apply it under a new name";
    if (run.status().condition(Conditions.SPEC_CHANGE_REFUSED) == null) {
      run.event(EventReason.SpecChangeRefused, message);
    }
    Conditions.set(run.status(), Conditions.SPEC_CHANGE_REFUSED, true, "SpecImmutable", message, gen, run.now());
  }
}
