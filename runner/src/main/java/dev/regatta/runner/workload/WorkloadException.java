package dev.regatta.runner.workload;

/** A failed operation with its error type already known, e.g. "http_5xx" or "redis_error". */
public class WorkloadException extends Exception {
  private final String type;

  public WorkloadException(String type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
