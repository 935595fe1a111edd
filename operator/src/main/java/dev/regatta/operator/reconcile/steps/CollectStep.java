package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.PhaseStep;
import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.collect.MergedReportUpload;
import dev.regatta.operator.reconcile.collect.ResultsMerge;
import dev.regatta.operator.reconcile.collect.StoppingRunners;
import dev.regatta.operator.reconcile.failures.RunFailures;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.verdict.ThresholdVerdict;
import dev.regatta.result.NoSuccess;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collecting: merges the results ({@link ResultsMerge}) and ends the run, Succeeded or Failed with every cause
 * (the one recorded when it started failing, failed Jobs, missing results, a point in which nothing succeeded,
 * and, for a run that measured cleanly, a missed threshold: {@link ThresholdVerdict}).
 * Failure never looks like success. A failed run's Jobs still active are suspended. Then the merged report goes
 * to S3 if the run has an S3 sink, and the TTL clean-up is scheduled.
 */
public final class CollectStep implements PhaseStep {
  private final ResultsMerge merge;
  private final ThresholdVerdict verdict;

  public CollectStep(ResultsMerge merge) {
    this.merge = merge;
    this.verdict = new ThresholdVerdict();
  }

  @Override
  public StepResult step(RunContext run) {
    List<String> stopping = StoppingRunners.pending(run, () -> run.cluster().resultMaps());
    if (!stopping.isEmpty()) {
      // an aborted run's runners write what they measured when stopped: their ConfigMaps' updates wake the run
      RunContext.LOG.info("{} aborted: waiting for {} stopped runner(s) to write what they measured: {}", run.log(),
          stopping.size(), stopping);
      return StepResult.at(StoppingRunners.waitEnds(run), run.now());
    }
    ResultsMerge.Merged m = merge.merge(run);
    BenchmarkRunStatus status = run.status();
    Condition failed = status.condition(Conditions.COMPLETED);
    boolean failing = failed != null && "False".equals(failed.getStatus());
    EventReason reason = failing ? EventReason.named(failed.getReason()).orElse(EventReason.RunnerFailed) : null;
    List<String> causes = new ArrayList<>();
    List<Job> failedJobs = run.jobs().stream().filter(PodDiagnosis::isFailed).toList();
    // the failed Jobs as they are now say all the recorded JobFailed cause said, and more if another failed since
    if (failing && !(reason == EventReason.JobFailed && !failedJobs.isEmpty())) {
      causes.add(failed.getMessage());
    }
    if (!failedJobs.isEmpty()) {
      causes.add(RunFailures.jobFailures(run, failedJobs));
    }
    if (causes.isEmpty() && !m.got().problems().isEmpty()) {
      causes.add(Listing.of(m.got().problems()));
    }
    List<NoSuccess.Point> none = NoSuccess.failed(NoSuccess.ofRows(m.rows().rows()));
    if (!none.isEmpty()) {
      causes.add("no operation succeeded in " + NoSuccess.describe(none));
      reason = reason != null ? reason : causes.size() == 1 ? EventReason.NoSuccessfulRequests : null;
    }
    if (causes.isEmpty()) {
      // judged only on a run that measured cleanly: the verdict is the run's outcome then (docs/API.md)
      Optional<String> missed = verdict.judge(run, m.rows());
      if (missed.isPresent()) {
        causes.add(missed.get());
        reason = EventReason.ThresholdsFailed;
      }
    }
    if (causes.isEmpty()) {
      succeed(run, m);
    } else {
      reason = reason != null ? reason : EventReason.RunnerFailed;
      String message = String.join("; ", causes.stream().distinct().toList()) + (m.partial() ? " (results of "
          + m.got().documents().size() + "/" + run.slots().size() + " pod(s) merged, partial)" : "");
      Conditions.set(status, Conditions.COMPLETED, false, reason.name(), message, run.generation(), run.now());
      status.setPhase(Phase.Failed);
      status.setMessage(Conditions.truncate(message));
      run.event(reason, message);
      RunContext.LOG.warn("{} failed: {}", run.log(), message);
      suspendActiveJobs(run);
    }
    MergedReportUpload.upload(run, m.got().documents());
    return StepResult.at(run.now().plus(Durations.parse(run.spec().getTtlAfterFinished())), run.now());
  }

  private static void succeed(RunContext run, ResultsMerge.Merged m) {
    BenchmarkRunStatus status = run.status();
    BenchmarkRunStatus.Summary sum = status.getSummary();
    String message = "merged " + m.screened().merged().size() + " result(s) into " + m.rows().rows().size() + " row(s)"
        + (sum == null ? "" : "; " + sum.getRow() + ": " + sum.getThroughput() + ", p99 " + sum.getP99()
            + (sum.getErrors() != null && sum.getErrors() > 0 ? ", " + sum.getErrors() + " errors" : ""))
        + (status.getFaults() == null ? "" : "; degraded: " + status.condition(Conditions.DEGRADED).getMessage()
            .replaceFirst(":.*", "") + " (status.faults)" + (m.partial() ? ", partial" : ""));
    Conditions.set(status, Conditions.COMPLETED, true, "Succeeded", message, run.generation(), run.now());
    run.enter(Phase.Succeeded, EventReason.Succeeded, message);
  }

  /** Stops the remaining pods of a failed run (nothing useful can come of them), keeping the Jobs for inspection. */
  private static void suspendActiveJobs(RunContext run) {
    for (Job j : run.jobs()) {
      if (!PodDiagnosis.isComplete(j) && !PodDiagnosis.isFailed(j)
          && (j.getSpec() == null || !Boolean.TRUE.equals(j.getSpec().getSuspend()))) {
        run.cluster().suspendJob(j.getMetadata().getName());
      }
    }
  }
}
