package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.Observed;
import dev.regatta.operator.reconcile.PhaseStep;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;

/**
 * Succeeded or Failed: the result is final. After ttlAfterFinished the run's Jobs and pods are deleted; its
 * status and result ConfigMaps stay. Until then only the TTL's timer wakes it (a restart reconciles it anyway).
 */
public final class FinishedStep implements PhaseStep {
  @Override
  public StepResult step(RunContext run) {
    BenchmarkRunSpec spec = run.run().getSpec();
    String completed = run.status().getCompletionTime();
    if (completed == null || spec == null || spec.getTtlAfterFinished() == null
        || !Durations.isValid(spec.getTtlAfterFinished())) {
      return StepResult.waitForEvents();
    }
    Instant expiry = Instant.parse(completed).plus(Durations.parse(spec.getTtlAfterFinished()));
    if (run.now().isBefore(expiry)) {
      return StepResult.after(Duration.between(run.now(), expiry).plusMillis(50));
    }
    Observed seen = run.seen();
    if (seen.jobs().isEmpty() && seen.pods().isEmpty()) {
      return StepResult.waitForEvents();
    }
    for (String job : seen.jobs().keySet()) {
      run.cluster().deleteJob(job);
    }
    // The garbage collector removes the Jobs' pods (Background propagation); deleting the ones we see, one by
    // one, also covers pods left without a Job, with the plain delete verb.
    for (Pod p : seen.pods()) {
      run.cluster().deletePod(p.getMetadata().getName());
    }
    run.event(EventReason.Cleaned, "ttlAfterFinished " + spec.getTtlAfterFinished() + " passed: deleted "
        + seen.jobs().size() + " Job(s) and their pods; status and result ConfigMaps stay");
    RunContext.LOG.info("{} ttl passed: deleted Jobs {}", run.log(), seen.jobs().keySet());
    return StepResult.waitForEvents();
  }
}
