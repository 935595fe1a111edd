package dev.regatta.runner.workload;

/**
 * A workload whose connections can also be driven without a thread each: the engine multiplexes many of
 * them on a few event-loop threads (one selector each), the way wrk does. This is what lets the HTTP
 * workload keep up with wrk on a small machine; {@link #connect()} still works for everything else.
 */
public interface NonBlockingWorkload extends Workload {
  /** A new non-blocking connection; not yet registered with any selector. */
  NonBlockingConnection connectNonBlocking() throws Exception;

  /** False when this workload's settings need the blocking path (e.g. HTTPS). */
  default boolean supportsNonBlocking() {
    return true;
  }

  /** An operation running longer than this is counted as a timeout and its connection reopened. */
  default java.time.Duration operationTimeout() {
    return RunContext.DEFAULT_TIMEOUT;
  }
}
