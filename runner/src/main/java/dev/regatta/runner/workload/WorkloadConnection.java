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

  /**
   * Hands what the connection counted since the last call (bytes sent and received, response checks) to
   * {@code to}, the window's recorder, after a measured operation, or forgets it ({@code to} null) after a
   * warm-up one. The engine calls it after every {@link #execute()}, whatever its outcome. Default: nothing counted.
   */
  default void drainStats(dev.regatta.runner.record.Recorder to) {}

  @Override
  default void close() throws Exception {}
}
