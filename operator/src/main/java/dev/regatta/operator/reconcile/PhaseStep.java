package dev.regatta.operator.reconcile;

/**
 * What the operator does for a run in one phase, in one reconcile: reads the {@link RunContext}, changes its
 * status (the next phase, conditions, counts) and Events, acts on the cluster through {@link RunContext#cluster()},
 * and says when to look again. At most one phase change per step: each phase is its own status write, so a
 * watcher sees every phase. {@link PhaseSteps} chooses the step by phase.
 */
@FunctionalInterface
public interface PhaseStep {
  StepResult step(RunContext run);
}
