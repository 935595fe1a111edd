package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.PhaseStep;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import java.util.List;

/**
 * A new run (no phase yet): its spec is valid and the pod policy allows its pods, or it is refused naming the
 * fields. Accepted runs go to Pending; nothing is created yet.
 */
public final class AcceptStep implements PhaseStep {
  private final PodPolicyGate policy;

  public AcceptStep(PodPolicyGate policy) {
    this.policy = policy;
  }

  @Override
  public StepResult step(RunContext run) {
    BenchmarkRunStatus status = run.status();
    status.setStartTime(run.now().toString());
    status.setObservedGeneration(run.run().getMetadata().getGeneration());
    List<Violation> violations = SpecValidator.validate(run.run());
    if (!violations.isEmpty()) {
      return Refusal.refuse(run, EventReason.InvalidSpec, "invalid spec: " + SpecValidator.describe(violations));
    }
    BenchmarkRunSpec spec = run.run().getSpec();
    String refused;
    try {
      refused = policy.refusal(run, spec);
    } catch (RuntimeException e) { // a spec the validator let through but no pod can be built from: never retried
      return Refusal.refuse(run, EventReason.InvalidSpec,
          "invalid spec: the runner pod cannot be built from it: " + e.getMessage());
    }
    if (refused != null) {
      return Refusal.refuse(run, EventReason.PodPolicyRefused, refused);
    }
    int pods = spec.totalPods();
    String message = "spec is valid: " + spec.getPlacements().size() + " placement group(s), " + pods
        + " runner pod(s)";
    status.setPhase(Phase.Pending);
    status.setMessage(message);
    status.setPodSummary("0/" + pods);
    BenchmarkRunStatus.PodCounts counts = new BenchmarkRunStatus.PodCounts();
    counts.setExpected(pods);
    status.setPods(counts);
    status.setResultsLocation(resultsLocation(run, spec));
    Conditions.set(status, Conditions.ACCEPTED, true, "Valid", message, run.generation(), run.now());
    run.event(EventReason.Accepted, message);
    RunContext.LOG.info("{} accepted: {}", run.log(), message);
    return StepResult.nextStep();
  }

  /** Where the complete per-pod documents are: status keeps only merged rows. */
  static String resultsLocation(RunContext run, BenchmarkRunSpec spec) {
    if (spec.getResults() != null && spec.getResults().getS3() != null) {
      return "s3://" + spec.getResults().getS3().getBucket() + "/"
          + Protocol.s3RunPrefix(spec.getResults().getS3().getPrefix(), run.namespace(), run.name());
    }
    return "configmaps -n " + run.namespace() + " -l " + Protocol.LABEL_RUN + "=" + run.name() + ","
        + Protocol.LABEL_COMPONENT + "=" + Protocol.COMPONENT_RESULT + " (key " + Protocol.RESULT_KEY + ")";
  }
}
