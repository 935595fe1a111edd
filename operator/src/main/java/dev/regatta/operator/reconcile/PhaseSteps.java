package dev.regatta.operator.reconcile;

import dev.regatta.operator.reconcile.abort.AbortRequest;
import dev.regatta.operator.reconcile.abort.LiveWake;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.collect.ResultsMerge;
import dev.regatta.operator.reconcile.steps.AcceptStep;
import dev.regatta.operator.reconcile.steps.CollectStep;
import dev.regatta.operator.reconcile.steps.CreateStep;
import dev.regatta.operator.reconcile.steps.FinishedStep;
import dev.regatta.operator.reconcile.steps.PodPolicyGate;
import dev.regatta.operator.reconcile.steps.Refusal;
import dev.regatta.operator.reconcile.steps.RunningStep;
import dev.regatta.operator.reconcile.steps.SpecChangeGuard;
import dev.regatta.operator.reconcile.steps.StartingStep;
import dev.regatta.operator.reconcile.steps.UnreadableStatusStep;
import dev.regatta.validation.SpecValidator;
import java.util.EnumMap;
import java.util.Map;

/**
 * The step for each phase, and the choice of one for a run:
 *
 * <pre>
 *   status unreadable  UnreadableStatusStep   (ends Failed, InvalidStatus)
 *   no phase yet       AcceptStep             -> Pending, or Failed (InvalidSpec, PodPolicyRefused)
 *   Pending            CreateStep             -> Starting, or Failed (NameCollision, PodPolicyRefused)
 *   Starting           StartingStep           -> Running, or Collecting when failing
 *   Running            RunningStep            -> Collecting
 *   Collecting         CollectStep            -> Succeeded or Failed
 *   Succeeded, Failed  FinishedStep           (TTL clean-up)
 * </pre>
 *
 * Before the step of an active phase, a spec changed since acceptance is refused ({@link SpecChangeGuard}), an
 * accepted spec that cannot be read any more fails the run, and an abort asked for stops it ({@link AbortRequest}).
 */
public final class PhaseSteps {
  private final PhaseStep unreadableStatus = new UnreadableStatusStep();
  private final PhaseStep accept;
  private final Map<Phase, PhaseStep> byPhase = new EnumMap<>(Phase.class);

  public PhaseSteps(PodPolicy policy, OperatorMetrics metrics) {
    this(policy, metrics, null);
  }

  /** @param live the live view for status.progress while Running; null for none */
  public PhaseSteps(PodPolicy policy, OperatorMetrics metrics, dev.regatta.operator.reconcile.live.LiveFleet live) {
    this(policy, metrics, live, new LiveWake());
  }

  /** @param wake wakes a run from its live rounds (a breach of an abortOnFail criterion) */
  public PhaseSteps(PodPolicy policy, OperatorMetrics metrics, dev.regatta.operator.reconcile.live.LiveFleet live,
      LiveWake wake) {
    PodPolicyGate gate = new PodPolicyGate(policy);
    accept = new AcceptStep(gate);
    byPhase.put(Phase.Pending, new CreateStep(gate));
    byPhase.put(Phase.Starting, new StartingStep());
    byPhase.put(Phase.Running, new RunningStep(live, wake));
    byPhase.put(Phase.Collecting, new CollectStep(new ResultsMerge(metrics)));
    PhaseStep finished = new FinishedStep();
    byPhase.put(Phase.Succeeded, finished);
    byPhase.put(Phase.Failed, finished);
  }

  /** Takes the run's step for this reconcile. */
  public StepResult step(RunContext run) {
    if (run.run().getStatus() != null && run.run().getStatus().unreadable() != null) {
      return unreadableStatus.step(run);
    }
    Phase phase = run.status().getPhase();
    if (phase == null) {
      return accept.step(run);
    }
    if (!phase.isFinished()) {
      SpecChangeGuard.check(run);
      if (run.spec().unreadable() != null) {
        // Changed to JSON that does not fit the API (no CEL stopped it), and the accepted copy is gone.
        return Refusal.refuse(run, EventReason.InvalidSpec,
            "invalid spec: " + SpecValidator.describe(run.spec().unreadable().violations()));
      }
    }
    if (AbortRequest.abortIfRequested(run)) {
      return StepResult.nextStep();
    }
    return byPhase.get(phase).step(run);
  }

  /** The step registered for {@code phase}. */
  public PhaseStep forPhase(Phase phase) {
    return byPhase.get(phase);
  }
}
