package dev.regatta.operator.reconcile.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventSink;
import dev.regatta.operator.events.RunEvent;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * After a step: writes the run's status if the step changed it (a reconcile that learns nothing writes nothing),
 * holds back changes of pod counts alone ({@link StatusThrottle}), and then records the step's Events: only after
 * the status that explains them is written, so a failed write repeats the step and its Events, never says them
 * without the status.
 */
public final class StatusRecorder {
  private final StatusThrottle throttle;
  private final EventSink events;

  public StatusRecorder(StatusThrottle throttle, EventSink events) {
    this.throttle = throttle;
    this.events = events;
  }

  /**
   * @return when to reconcile the run again: the step's wish, or sooner when held-back counts are due
   * @throws RuntimeException if the write failed (the reconcile fails and is retried; no Event was recorded)
   */
  public Optional<Duration> record(RunContext run, StepResult step, StatusWrite write) {
    Duration requeue = step.requeueAfter();
    JsonNode before = run.statusAsRead();
    JsonNode after = RunContext.statusJson(run.status());
    Phase phase = run.phaseAsRead();
    if (!after.equals(before)) {
      Instant due = throttle.dueAt(run.key(), run.now());
      boolean countsOnly = (phase == Phase.Starting || phase == Phase.Running) && run.status().getPhase() == phase
          && StatusThrottle.countsOnly(before, after);
      if (countsOnly && run.now().isBefore(due)) {
        // Pod counts only, written recently: write them when due (recomputed then), unless something else comes first.
        Duration wait = Duration.between(run.now(), due).plusMillis(50);
        requeue = requeue == null || wait.compareTo(requeue) < 0 ? wait : requeue;
      } else {
        write.write(run.run(), run.status(), before);
        throttle.wrote(run.key(), run.now());
      }
    }
    if (run.status().getPhase() != null && run.status().getPhase().isFinished()) {
      throttle.forget(run.key());
    }
    for (RunEvent e : run.events()) {
      events.record(run.run(), e.reason(), e.message());
    }
    return Optional.ofNullable(requeue);
  }
}
