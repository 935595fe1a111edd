package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;

/** Ends a run that will never run: an invalid spec, a refused pod, a name collision. */
public final class Refusal {
  private Refusal() {}

  /**
   * Failed, with Accepted=False and Completed=False carrying the reason, and a Warning Event. Nothing will change
   * until the user acts (re-creates the run), so nothing is rescheduled.
   */
  public static StepResult refuse(RunContext run, EventReason reason, String message) {
    BenchmarkRunStatus status = run.status();
    status.setPhase(Phase.Failed);
    status.setMessage(Conditions.truncate(message));
    status.setCompletionTime(run.now().toString());
    Conditions.set(status, Conditions.ACCEPTED, false, reason.name(), message, run.generation(), run.now());
    Conditions.set(status, Conditions.COMPLETED, false, reason.name(), message, run.generation(), run.now());
    run.event(reason, message);
    RunContext.LOG.warn("{} refused ({}): {}", run.log(), reason, message);
    return StepResult.waitForEvents();
  }
}
