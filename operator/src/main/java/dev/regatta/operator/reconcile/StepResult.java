package dev.regatta.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a step wants the run reconciled again, whatever happens before: events (a pod, a Job, a result ConfigMap)
 * wake the run sooner. Without one, only events and JOSDK's periodic safety net do.
 *
 * @param requeueAfter null for none
 */
public record StepResult(Duration requeueAfter) {
  /** The next step right away: each phase is its own status write, so watchers see every phase. */
  public static final Duration NEXT_STEP = Duration.ofMillis(20);
  /** Upper bound on a timer-driven reconcile, so a lost event costs at most this much. */
  public static final Duration MAX_RESCHEDULE = Duration.ofMinutes(2);

  /** Nothing will change on a timer: wait for events. */
  public static StepResult waitForEvents() {
    return new StepResult(null);
  }

  /** Take the next step at once (after this one's status write). */
  public static StepResult nextStep() {
    return new StepResult(NEXT_STEP);
  }

  public static StepResult after(Duration delay) {
    return new StepResult(delay);
  }

  /**
   * Look again at {@code when} (a timeout, a deadline), a little after it so that it has passed, at most
   * {@link #MAX_RESCHEDULE} from now; at once if it has passed already.
   */
  public static StepResult at(Instant when, Instant now) {
    Duration d = Duration.between(now, when);
    if (d.isNegative() || d.isZero()) {
      d = NEXT_STEP;
    }
    return new StepResult(d.compareTo(MAX_RESCHEDULE) > 0 ? MAX_RESCHEDULE : d.plusMillis(50));
  }

  public Optional<Duration> requeue() {
    return Optional.ofNullable(requeueAfter);
  }
}
