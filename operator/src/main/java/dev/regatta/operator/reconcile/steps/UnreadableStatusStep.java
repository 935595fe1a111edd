package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.PhaseStep;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.validation.SpecValidator;

/**
 * Someone wrote a status that does not fit the API (only the operator should write it). What the run had done is
 * lost, so it cannot go on: it ends Failed, saying why, rather than being accepted a second time.
 */
public final class UnreadableStatusStep implements PhaseStep {
  @Override
  public StepResult step(RunContext run) {
    String message = "status cannot be read, so the run's progress is lost: "
        + SpecValidator.describe(run.run().getStatus().unreadable().violations());
    BenchmarkRunStatus status = run.status();
    status.setPhase(Phase.Failed);
    status.setMessage(message);
    status.setObservedGeneration(run.run().getMetadata().getGeneration());
    status.setCompletionTime(run.now().toString());
    Conditions.set(status, Conditions.COMPLETED, false, EventReason.InvalidStatus.name(), message, run.generation(),
        run.now());
    run.event(EventReason.InvalidStatus, message);
    RunContext.LOG.warn("{} failed: {}", run.log(), message);
    return StepResult.waitForEvents();
  }
}
