package dev.regatta.kubesim.events;

/**
 * The reasons of the Events the simulated components write, with their type, as a cluster's components name
 * them (the Job controller's failure reasons are also the reasons of its Job conditions).
 */
public enum EventReason {
  // job-controller
  SUCCESSFUL_CREATE("SuccessfulCreate", false),
  SUCCESSFUL_DELETE("SuccessfulDelete", false),
  COMPLETED("Completed", false),
  SUSPENDED("Suspended", false),
  RESUMED("Resumed", false),
  BACKOFF_LIMIT_EXCEEDED("BackoffLimitExceeded", true),
  DEADLINE_EXCEEDED("DeadlineExceeded", true),
  POD_FAILURE_POLICY("PodFailurePolicy", true),
  FAILED_INDEXES("FailedIndexes", true),
  MAX_FAILED_INDEXES_EXCEEDED("MaxFailedIndexesExceeded", true),
  /** Not a cluster's: a pod that cannot start however often it is retried fails its Job at once (see Kubelet). */
  START_ERROR("StartError", true),
  // default-scheduler
  SCHEDULED("Scheduled", false),
  FAILED_SCHEDULING("FailedScheduling", true),
  // kubelet
  STARTED("Started", false),
  /** A container could not be created or started (its message begins "Error: "). */
  FAILED("Failed", true),
  /** A container that started exited with a non-zero code. */
  ERROR("Error", true),
  BACK_OFF("BackOff", true);

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private final String reason;
  private final boolean warning;

  EventReason(String reason, boolean warning) {
    this.reason = reason;
    this.warning = warning;
  }

  /** The reason as it appears in an Event or a condition. */
  public String reason() {
    return reason;
  }

  /** Normal or Warning. */
  public String type() {
    return warning ? WARNING : NORMAL;
  }

  @Override
  public String toString() {
    return reason;
  }
}
