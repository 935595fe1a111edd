package dev.regatta.runner.workload;

/** One client connection. Not shared between threads. */
public interface WorkloadConnection extends AutoCloseable {
  /**
   * Performs one operation, blocking until it completes, and returns the payload bytes it moved (for
   * bytesPerSecond). A failure throws: the engine counts it by {@link ErrorTypes#classify(Throwable)}
   * (or by {@link WorkloadException#type()}) and goes on.
   */
  long execute() throws Exception;

  /**
   * How many operations one {@link #execute()} performs (e.g. the pipelining depth). The engine counts
   * that many operations per call and records the call's latency for each of them.
   */
  default int operationsPerExecute() {
    return 1;
  }

  @Override
  default void close() throws Exception {}
}
