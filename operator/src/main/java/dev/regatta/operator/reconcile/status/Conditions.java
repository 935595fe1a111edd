package dev.regatta.operator.reconcile.status;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Standard conditions. lastTransitionTime changes only when the status (True/False/Unknown) changes, so a
 * reconcile that learns nothing new writes nothing.
 */
public final class Conditions {
  /** The spec is valid and the run's objects exist (False: InvalidSpec). */
  public static final String ACCEPTED = "Accepted";
  /** Every runner reported ready and the start instant is published. */
  public static final String RUNNERS_READY = "RunnersReady";
  /** The run is over: True with reason Succeeded, or False with the failure's reason. */
  public static final String COMPLETED = "Completed";
  /** Someone changed the spec after the run was accepted; the change is not acted on. */
  public static final String SPEC_CHANGE_REFUSED = "SpecChangeRefused";
  /**
   * With spec.results.s3: the merged JSON and CSV were written next to the per-pod results (True), or could not
   * be (False, reason UploadFailed, the cause in the message). Never fails the run.
   */
  public static final String RESULTS_UPLOADED = "ResultsUploaded";
  /**
   * Faults touched the results (True: status.faults names the pods, the reason the first kind of fault:
   * LostWhileMeasuring, LateStart, SidecarRestarted, NoSuccess); False (NoFaults) when the run ended without any.
   * Set when a runner pod is lost while the run is Running and when the results are merged.
   */
  public static final String DEGRADED = "Degraded";

  public static final int MAX_MESSAGE = 2048;

  private Conditions() {}

  public static void set(BenchmarkRunStatus status, String type, boolean value, String reason, String message,
      Long generation, Instant now) {
    if (status.getConditions() == null) {
      status.setConditions(new ArrayList<>());
    }
    String s = value ? "True" : "False";
    String msg = truncate(message);
    Condition old = status.condition(type);
    if (old != null && s.equals(old.getStatus()) && Objects.equals(reason, old.getReason())
        && Objects.equals(msg, old.getMessage()) && Objects.equals(generation, old.getObservedGeneration())) {
      return;
    }
    Condition c = new ConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(msg)
        .withObservedGeneration(generation)
        .withLastTransitionTime(old != null && s.equals(old.getStatus()) ? old.getLastTransitionTime() : now.toString())
        .build();
    status.getConditions().removeIf(x -> type.equals(x.getType()));
    status.getConditions().add(c);
  }

  public static String truncate(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
