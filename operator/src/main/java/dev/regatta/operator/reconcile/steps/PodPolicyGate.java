package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.policy.PodSecurityStandards;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/** What the operator's pod policy refuses of a run, checked when it is accepted and again before its pods exist. */
public final class PodPolicyGate {
  private final PodPolicy policy;

  public PodPolicyGate(PodPolicy policy) {
    this.policy = policy;
  }

  /**
   * What the run asks of its pods that the policy refuses, as a message; null when allowed. The Jobs are also
   * built and checked as they would be created, so a pod the policy forbids is never created, even if the spec
   * check missed something.
   *
   * @throws RuntimeException when no pod can be built from the spec
   */
  public String refusal(RunContext run, BenchmarkRunSpec spec) {
    List<Violation> refused = new ArrayList<>(policy.check(run.run(), spec));
    refused.addAll(policy.checkSecrets(spec, run.cluster()::secret));
    if (!refused.isEmpty()) {
      return "refused by the pod policy: " + SpecValidator.describe(refused) + "; " + policy.hint();
    }
    List<String> guard = new ArrayList<>();
    for (Placement p : spec.getPlacements()) {
      Job job = JobFactory.job(run.run(), spec, p);
      for (PodSecurityStandards.Finding f : policy.check(job, run.name())) {
        guard.add("Job " + job.getMetadata().getName() + " " + f);
      }
    }
    return guard.isEmpty() ? null : "refused by the pod policy: the pod the operator would create breaks it: "
        + Listing.of(guard) + "; " + policy.hint();
  }
}
