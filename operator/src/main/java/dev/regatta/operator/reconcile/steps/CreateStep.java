package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.NameTaken;
import dev.regatta.operator.reconcile.PhaseStep;
import dev.regatta.operator.reconcile.RunCluster;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Pending: creates what the pods need, then the Jobs, and goes to Starting. First the run's own objects (spec and
 * start ConfigMaps, the runners' account, Role and RoleBinding: JOSDK dependents, see {@code dependents/}), then
 * one result ConfigMap per pod (many, so in bulk), then the Jobs, so no runner waits for its ConfigMap or account.
 * Objects already there are skipped, so a partly created run resumes here; one that is not this run's is a name
 * collision, never adopted ({@link NameCollisions}).
 */
public final class CreateStep implements PhaseStep {
  private final PodPolicyGate policy;

  public CreateStep(PodPolicyGate policy) {
    this.policy = policy;
  }

  @Override
  public StepResult step(RunContext run) {
    BenchmarkRunSpec spec = run.spec();
    // Checked again: the operator may have restarted with a stricter policy since the run was accepted.
    String refused = policy.refusal(run, spec);
    if (refused != null) {
      return Refusal.refuse(run, EventReason.PodPolicyRefused, refused);
    }
    List<HasMetadata> results = new ArrayList<>();
    for (RunObjects.Slot slot : run.slots()) {
      if (run.seen().configMap(slot.resultMap()).isEmpty()) {
        results.add(RunObjects.resultMap(run.run(), slot));
      }
    }
    List<HasMetadata> jobs = new ArrayList<>();
    for (Placement p : spec.getPlacements()) {
      if (!run.seen().jobs().containsKey(Protocol.jobName(run.name(), p.getName()))) {
        jobs.add(JobFactory.job(run.run(), spec, p));
      }
    }
    RunCluster cluster = run.cluster();
    long t0 = System.nanoTime();
    long tDependents = t0;
    try {
      // Another run's Job of the same name is the likeliest collision: found before anything is created.
      for (HasMetadata j : jobs) {
        Job existing = cluster.job(j.getMetadata().getName());
        if (existing != null) {
          NameTaken.check(j, existing);
        }
      }
      cluster.createRunObjects(run);
      tDependents = System.nanoTime();
      cluster.createAll("result ConfigMaps", results);
    } catch (NameTaken t) {
      return NameCollisions.handle(run, t);
    }
    long t1 = System.nanoTime();
    try {
      cluster.createAll("Jobs", jobs);
    } catch (NameTaken t) { // created by another run since the check above
      return NameCollisions.handle(run, t);
    }
    // The three times apart: the dependents (a few objects, in dependsOn order) and the bulk are measured in bench/.
    RunContext.LOG.info("{} created the run's objects in {} ms, {} result ConfigMap(s) in {} ms, then {} Job(s) "
        + "in {} ms", run.log(), (tDependents - t0) / 1_000_000, results.size(), (t1 - tDependents) / 1_000_000,
        jobs.size(), (System.nanoTime() - t1) / 1_000_000);
    int n = run.slots().size();
    run.countPods(run.seen().configMaps());
    run.enter(Phase.Starting, EventReason.Starting, "created " + spec.getPlacements().size() + " Job(s); waiting for "
        + n + " runner(s) to report ready (startTimeout " + spec.getStartTimeout() + ")");
    Conditions.set(run.status(), Conditions.RUNNERS_READY, false, "Waiting", "0/" + n + " runners ready",
        run.generation(), run.now());
    return StepResult.at(run.startedAt().plus(Durations.parse(spec.getStartTimeout())), run.now());
  }
}
