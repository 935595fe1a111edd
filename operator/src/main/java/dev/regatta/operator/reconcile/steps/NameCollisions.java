package dev.regatta.operator.reconcile.steps;

import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.NameTaken;
import dev.regatta.operator.reconcile.RunCluster;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;

/**
 * An object of this run's is taken (docs/PROTOCOL.md). Left over by a deleted run (one of the same name deleted
 * just before this one was applied, typically): wait for the garbage collector, within startTimeout. Otherwise
 * the run fails at once, naming the other owner and what to rename; any Job it did create is deleted, so no pod
 * of it waits.
 */
public final class NameCollisions {
  private NameCollisions() {}

  public static StepResult handle(RunContext run, NameTaken t) {
    RunCluster cluster = run.cluster();
    Instant now = run.now();
    boolean leftOver = t.leftOver(cluster::run);
    if (leftOver && now.isBefore(run.startedAt().plus(Durations.parse(run.spec().getStartTimeout())))) {
      String message = "waiting for " + t.kind() + " " + t.name() + " of a deleted run to be removed by the garbage "
          + "collector before creating this run's";
      if (!message.equals(run.status().getMessage())) {
        run.status().setMessage(message);
        RunContext.LOG.info("{} {}", run.log(), message);
      }
      return StepResult.at(now.plus(Duration.ofSeconds(2)), now);
    }
    String message = "name collision: " + t.describe(run.name(), run.spec(),
        !leftOver && t.ownerIsLiveRun(cluster::run), leftOver);
    for (Job j : cluster.labelledJobs()) {
      OwnerReference owner = NameTaken.controller(j);
      if (owner != null && owner.getUid().equals(run.run().getMetadata().getUid())) {
        cluster.deleteJob(j.getMetadata().getName());
      }
    }
    return Refusal.refuse(run, EventReason.NameCollision, message);
  }
}
