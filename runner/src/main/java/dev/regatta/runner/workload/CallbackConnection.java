package dev.regatta.runner.workload;

/**
 * A connection whose client library runs the I/O on its own threads and reports each completed operation
 * through a callback (gRPC). The engine's event loop starts operations and receives the completions, so the
 * closed and open models, the clock and the recording are the same as for a {@link NonBlockingConnection}.
 * One operation at a time per connection.
 */
public interface CallbackConnection extends AutoCloseable {
  /** Receives one operation's outcome, from any thread, exactly once per {@link #start}. */
  interface Completion {
    /**
     * @param bytes payload bytes moved (0 on failure)
     * @param errorType null on success, else the error type the operation is counted under
     */
    void completed(long bytes, String errorType);
  }

  /**
   * Starts one operation. It must complete (successfully or not) within the connection's own deadline: the
   * engine does not time callback operations out itself.
   */
  void start(Completion done);

  @Override
  void close();
}
