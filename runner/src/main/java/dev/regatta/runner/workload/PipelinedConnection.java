package dev.regatta.runner.workload;

import dev.regatta.runner.record.Recorder;

/**
 * A {@link NonBlockingConnection} that sends a batch of {@link #depth()} operations per {@link #begin()}
 * (pipelining) and reports every operation on its own as its reply is parsed: {@link #onReadable()} returns
 * true once the whole batch has its replies, and after every {@link #onReadable()} the event loop calls
 * {@link #drain} to record the replies parsed so far, each with the latency from the batch's send to the
 * read that completed it (as redis-benchmark measures pipelined commands). An error reply (e.g. Redis
 * WRONGTYPE) is one failed operation of the batch, not an exception; an exception means the connection
 * broke, and the operations of the batch without a reply are counted as failures of that type.
 */
public interface PipelinedConnection extends NonBlockingConnection {
  /** Operations one {@link #begin()} sends (1 without pipelining). */
  int depth();

  /**
   * Records the operations whose replies were parsed since the last call into {@code to}, each with
   * latency {@code micros}, successes with their payload bytes and failures by type; with {@code to} null
   * (warm-up) just forgets them. Returns how many operations that was. Allocates nothing.
   */
  int drain(Recorder to, long micros);
}
