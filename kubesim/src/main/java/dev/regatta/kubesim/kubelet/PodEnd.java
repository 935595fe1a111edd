package dev.regatta.kubesim.kubelet;

import java.time.Instant;

/**
 * How a pod's main container ended: its exit code (128 with reason StartError when it could not start), its
 * reason (Completed, Error, StartError, ...), its termination message, when it started (null: never) and ended.
 *
 * @param permanent it could not start and no retry can change that: its Job fails at once instead of spending its
 *     retries on the same error (not a cluster's behaviour; see {@link PodStatuses#PERMANENT_START_ERROR})
 */
public record PodEnd(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt,
    boolean permanent) {
  public PodEnd {
    message = message == null ? "" : message;
  }

  public static PodEnd exited(int exitCode, String message, Instant startedAt, Instant finishedAt) {
    return new PodEnd(exitCode, exitCode == 0 ? "Completed" : "Error", message, startedAt, finishedAt, false);
  }
}
