package dev.regatta.operator.reconcile.failures;

import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.steps.Listing;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a run that cannot succeed is failed while Starting or Running: at once for what no waiting cures (an image
 * that cannot be pulled, a failed Job), at the operator's own deadline for a run that never ends. A failed run
 * goes through Collecting, which merges whatever results arrived and ends it Failed with this cause.
 */
public final class RunFailures {
  private RunFailures() {}

  /** Failures no waiting can cure: fails the run now, before any timeout. True when it did. */
  public static boolean failFast(RunContext run) {
    Optional<String> fatal = PodDiagnosis.fatalWaiting(run.seen().pods());
    if (fatal.isPresent()) {
      fail(run, fatal.get().contains("pull image") ? EventReason.ImagePullFailed : EventReason.PodStartFailed,
          fatal.get());
      return true;
    }
    List<Job> failedJobs = run.seen().jobs().values().stream().filter(PodDiagnosis::isFailed).toList();
    if (!failedJobs.isEmpty()) {
      fail(run, EventReason.JobFailed, jobFailures(run, failedJobs));
      return true;
    }
    return false;
  }

  /** The operator's own backstop for spec.timeout, in case the Jobs' activeDeadlineSeconds did not end them. */
  public static boolean pastDeadline(RunContext run) {
    if (run.now().isBefore(run.deadline())) {
      return false;
    }
    fail(run, EventReason.DeadlineExceeded, "the run did not finish within its timeout " + run.spec().getTimeout()
        + "; still running: " + Listing.of(run.jobs().stream().filter(j -> !PodDiagnosis.isComplete(j))
            .map(j -> "Job " + j.getMetadata().getName()).toList()));
    return true;
  }

  /**
   * Records the cause in the Completed condition (so it survives a restart) and goes to Collecting; the step
   * that ends the run says it in a Warning Event with this reason.
   */
  public static void fail(RunContext run, EventReason reason, String message) {
    Conditions.set(run.status(), Conditions.COMPLETED, false, reason.name(), message, run.generation(), run.now());
    Condition ready = run.status().condition(Conditions.RUNNERS_READY);
    if (ready != null && "False".equals(ready.getStatus())) {
      Conditions.set(run.status(), Conditions.RUNNERS_READY, false, reason.name(), message, run.generation(),
          run.now());
    }
    run.enter(Phase.Collecting, EventReason.Collecting, "failing (" + reason + "): " + message);
  }

  /**
   * Failed Jobs, with their failed pods' own words (exit code, termination message, runner message), each cause
   * once with the pods it hit: the same error in every pod and retry is read once, with its count.
   */
  public static String jobFailures(RunContext run, List<Job> jobs) {
    Set<String> names = new HashSet<>();
    jobs.forEach(j -> names.add(j.getMetadata().getName()));
    List<Pod> pods = run.seen().pods().stream()
        .filter(p -> names.contains(Listing.label(p, "job-name"))
            || names.contains(Listing.label(p, "batch.kubernetes.io/job-name")))
        .filter(PodDiagnosis::isFailed).toList();
    List<String> causes = PodDiagnosis.groupedFailures(pods);
    return String.join("; ", jobs.stream().map(PodDiagnosis::jobFailure).toList())
        + (causes.isEmpty() ? "" : "; " + Listing.of(causes));
  }
}
