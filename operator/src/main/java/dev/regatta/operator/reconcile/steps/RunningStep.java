package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.PhaseStep;
import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.abort.LiveAbort;
import dev.regatta.operator.reconcile.abort.LiveWake;
import dev.regatta.operator.reconcile.failures.LostRunners;
import dev.regatta.operator.reconcile.failures.RunFailures;
import dev.regatta.operator.reconcile.live.LiveFleet;
import dev.regatta.operator.reconcile.live.LiveProgress;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Running: counts the runners that are done, says at once when one is lost while measuring, and goes to
 * Collecting when every Job has finished (Complete or Failed), or fails the run (a failed Job, a Job deleted, the
 * deadline). While it runs, status.progress shows the fleet's live figures ({@link LiveProgress}), and a breach of a
 * criterion with abortOnFail in them aborts it ({@link LiveAbort}).
 */
public final class RunningStep implements PhaseStep {
  private final LiveFleet live;
  private final LiveWake wake;

  /** Without a live view (tests of the phase logic alone). */
  public RunningStep() {
    this(null);
  }

  /** @param live pulls the runners' live intervals for status.progress; null for none */
  public RunningStep(LiveFleet live) {
    this(live, new LiveWake());
  }

  /** @param wake wakes a run whose live rounds saw a breach of an abortOnFail criterion */
  public RunningStep(LiveFleet live, LiveWake wake) {
    this.live = live;
    this.wake = wake;
  }

  @Override
  public StepResult step(RunContext run) {
    if (live != null && LiveAbort.abortIfBreached(run, live)) {
      LiveProgress.end(run, live);
      return StepResult.nextStep();
    }
    StepResult result = phase(run);
    if (live == null) {
      return result;
    }
    if (run.status().getPhase() != Phase.Running) {
      LiveProgress.end(run, live);
      return result;
    }
    Instant due = LiveProgress.update(run, live);
    LiveAbort.watch(run, live, wake);
    StepResult atDue = StepResult.at(due, run.now());
    return result.requeueAfter() == null || atDue.requeueAfter().compareTo(result.requeueAfter()) < 0 ? atDue : result;
  }

  private StepResult phase(RunContext run) {
    Map<String, ConfigMap> maps = run.seen().configMaps();
    int n = run.slots().size();
    run.countPods(maps);
    long done = run.slots().stream().filter(s -> {
      ConfigMap cm = maps.get(s.resultMap());
      return cm != null && cm.getData() != null && Protocol.STATE_DONE.equals(cm.getData().get(Protocol.STATE_KEY));
    }).count();
    run.status().setPodSummary(done + "/" + n);
    if (RunFailures.failFast(run)) {
      return StepResult.nextStep();
    }
    LostRunners.check(run, maps);
    List<Job> jobs = run.jobs();
    // Absence in a cache proves little (an informer being stopped or resynced is empty): ask the API.
    List<String> missing = run.spec().getPlacements().stream().map(p -> Protocol.jobName(run.name(), p.getName()))
        .filter(name -> !run.seen().jobs().containsKey(name))
        .filter(name -> run.cluster().job(name) == null).toList();
    if (!missing.isEmpty()) {
      RunFailures.fail(run, EventReason.JobMissing, "Job(s) " + missing
          + " no longer exist: deleted while the run was running");
      return StepResult.nextStep();
    }
    if (jobs.size() < run.spec().getPlacements().size()) {
      return StepResult.at(run.now().plus(Duration.ofSeconds(1)), run.now()); // the cache is behind the API
    }
    if (jobs.stream().allMatch(j -> PodDiagnosis.isComplete(j) || PodDiagnosis.isFailed(j))) {
      run.enter(Phase.Collecting, EventReason.Collecting, "every Job finished; reading " + n + " result(s)");
      return StepResult.nextStep();
    }
    if (RunFailures.pastDeadline(run)) {
      return StepResult.nextStep();
    }
    return StepResult.at(run.deadline(), run.now());
  }
}
