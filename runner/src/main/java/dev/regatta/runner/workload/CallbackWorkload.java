package dev.regatta.runner.workload;

/**
 * A workload whose client library does its own I/O and calls back when an operation completes (gRPC): the
 * engine drives its connections from event loops, closed and open model alike, and never from a thread
 * per connection.
 */
public interface CallbackWorkload extends Workload {
  /** A new connection (or concurrent call slot) for one load slot. */
  CallbackConnection connectCallback() throws Exception;

  /** Operations are counted as timeouts by the connection's own deadline; this is that deadline. */
  java.time.Duration operationTimeout();

  @Override
  default WorkloadConnection connect() {
    throw new UnsupportedOperationException("driven by the event loops through connectCallback()");
  }
}
