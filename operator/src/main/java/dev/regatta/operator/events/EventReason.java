package dev.regatta.operator.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every reason an Event on a run can carry, with its type. What `kubectl describe benchmarkrun` shows in its
 * Reason column; a failure's reason is also the reason of the run's {@code Completed=False} condition, and a
 * fault's the reason of {@code Degraded=True} (docs/PROTOCOL.md).
 */
public enum EventReason {
  // The run's way through its phases.
  Accepted(Type.Normal),
  Starting(Type.Normal),
  Running(Type.Normal),
  Collecting(Type.Normal),
  Succeeded(Type.Normal),
  /** ttlAfterFinished passed: the run's Jobs and pods were deleted. */
  Cleaned(Type.Normal),

  // Refused before any pod exists (Accepted=False).
  InvalidSpec(Type.Warning),
  PodPolicyRefused(Type.Warning),
  NameCollision(Type.Warning),
  /** Somebody wrote a status that does not fit the API: the run's progress is lost. */
  InvalidStatus(Type.Warning),
  /** The spec changed after acceptance; the run goes on with the accepted one. */
  SpecChangeRefused(Type.Warning),

  // Failures (Completed=False).
  ImagePullFailed(Type.Warning),
  PodStartFailed(Type.Warning),
  JobFailed(Type.Warning),
  JobMissing(Type.Warning),
  StartTimeout(Type.Warning),
  DeadlineExceeded(Type.Warning),
  /** A runner reported a failure, or results are missing, and nothing more specific is known. */
  RunnerFailed(Type.Warning),
  /** A point in which no operation succeeded, and nothing else went wrong. */
  NoSuccessfulRequests(Type.Warning),
  /** The run measured cleanly and missed a criterion of spec.thresholds (ThresholdsPassed=False). */
  ThresholdsFailed(Type.Warning),
  /** Aborted on request (the regatta.dev/abort annotation): runners stopped, what arrived merged. */
  Aborted(Type.Warning),

  // Said while the run goes on.
  /** Runner pods failed while Running: what they measured is lost. */
  RunnerLost(Type.Warning),
  ResultsUploadFailed(Type.Warning),
  // a runner's live channel answered garbage or not at all: the live view lacks it, the final results do not
  LiveIntervalsUnreadable(Type.Warning),

  // Faults (Degraded=True): the fault types of status.faults (BenchmarkRunStatus.Fault).
  LostWhileMeasuring(Type.Warning),
  LateStart(Type.Warning),
  SidecarRestarted(Type.Warning),
  NoOperations(Type.Warning),
  NoSuccess(Type.Warning),
  StoppedEarly(Type.Warning),
  /** A fault of a type not listed above (one in a status written by something else than this operator). */
  Degraded(Type.Warning);

  /** core/v1 Event types. */
  public enum Type { Normal, Warning }

  private final Type type;

  EventReason(Type type) {
    this.type = type;
  }

  public Type type() {
    return type;
  }

  /**
   * The reason of that name, when a reason comes back as text: a condition's reason written by an earlier
   * reconcile, a fault's type.
   */
  public static Optional<EventReason> named(String reason) {
    return Arrays.stream(values()).filter(r -> r.name().equals(reason)).findFirst();
  }
}
