package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.barrier.StartBarrier;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.PhaseStep;
import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.failures.RunFailures;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starting: waits for every runner to report ready in its result ConfigMap, then publishes the start instant
 * (once: {@link StartBarrier#publish} reads it back first) and goes to Running. Fails the run at startTimeout,
 * naming each runner that is not ready and why.
 */
public final class StartingStep implements PhaseStep {
  @Override
  public StepResult step(RunContext run) {
    Map<String, ConfigMap> maps = run.seen().configMaps();
    List<RunObjects.Slot> slots = run.slots();
    long ready = StartBarrier.readyCount(slots, maps);
    run.countPods(maps);
    run.status().setPodSummary(ready + "/" + slots.size());
    if (RunFailures.failFast(run)) {
      return StepResult.nextStep();
    }
    if (ready == slots.size()) {
      return open(run, maps);
    }
    if (RunFailures.pastDeadline(run)) {
      return StepResult.nextStep();
    }
    Instant timeout = run.startedAt().plus(Durations.parse(run.spec().getStartTimeout()));
    if (!run.now().isBefore(timeout)) {
      List<String> why = new ArrayList<>();
      for (RunObjects.Slot s : slots) {
        if (!StartBarrier.isReady(maps.get(s.resultMap()))) {
          why.add(s.label() + ": " + run.seen().podOf(s).map(PodDiagnosis::notReady).orElse("no pod was created"));
        }
      }
      RunFailures.fail(run, EventReason.StartTimeout, (slots.size() - ready) + " of " + slots.size()
          + " runner(s) not ready after startTimeout " + run.spec().getStartTimeout() + ": " + Listing.of(why));
      return StepResult.nextStep();
    }
    Conditions.set(run.status(), Conditions.RUNNERS_READY, false, "Waiting", ready + "/" + slots.size()
        + " runners ready", run.generation(), run.now());
    return StepResult.at(timeout.isBefore(run.deadline()) ? timeout : run.deadline(), run.now());
  }

  /** Every runner is ready: the start instant, the barrier's wait, Running. */
  private static StepResult open(RunContext run, Map<String, ConfigMap> maps) {
    List<RunObjects.Slot> slots = run.slots();
    String startAt = run.cluster().publishStart(Durations.parse(run.spec().getStartDelay()), run.now());
    Instant allReady = StartBarrier.lastReadyAt(slots, maps).orElse(run.now());
    BenchmarkRunStatus status = run.status();
    BenchmarkRunStatus.StartBarrier barrier = status.getBarrier() == null ? new BenchmarkRunStatus.StartBarrier()
        : status.getBarrier();
    barrier.setStartAt(startAt);
    barrier.setWaitSeconds(Listing.round3(Duration.between(run.createdAt(), allReady).toMillis() / 1000.0));
    status.setBarrier(barrier);
    String message = slots.size() + " runner(s) ready after " + barrier.getWaitSeconds() + "s; measuring starts at "
        + startAt;
    Conditions.set(status, Conditions.RUNNERS_READY, true, "AllReady", message, run.generation(), run.now());
    status.setPodSummary("0/" + slots.size());
    run.enter(Phase.Running, EventReason.Running, message);
    return StepResult.at(run.deadline(), run.now());
  }
}
