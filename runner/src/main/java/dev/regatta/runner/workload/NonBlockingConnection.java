package dev.regatta.runner.workload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * One connection driven by an event loop: {@link #begin()} starts an operation, then the loop calls
 * {@link #onWritable()} / {@link #onReadable()} as the channel becomes ready until one returns true (the
 * operation completed). A failure throws; the loop counts it, calls {@link #reset()} and carries on.
 * Used by one event-loop thread only.
 */
public interface NonBlockingConnection extends AutoCloseable {
  /** The channel, connected and in non-blocking mode (after {@link #reset()} possibly a new one). */
  SocketChannel channel();

  /** Starts the next operation (writes as much of the request as the socket takes). */
  void begin() throws IOException;

  /** True while part of the request still waits to be written. */
  boolean wantsWrite();

  /** Writes more of the request. */
  void onWritable() throws IOException;

  /** Consumes what arrived; true when the operation is complete. A WorkloadException reports e.g. http_5xx. */
  boolean onReadable() throws Exception;

  /** Payload bytes of the operation that just completed. */
  long bytes();

  /** As {@link WorkloadConnection#drainStats}: called before each operation starts, for the one that ended. */
  default void drainStats(dev.regatta.runner.record.Recorder to) {}

  /** Drops a broken connection and opens a fresh one (blocking connect, outside the measured path). */
  void reset() throws IOException;

  @Override
  void close();

  /**
   * A channel for {@link #channel()}: connected (blocking, with TCP_NODELAY, within timeoutMillis), then
   * switched to non-blocking mode. Closed again if any step fails.
   */
  static SocketChannel connect(String host, int port, int timeoutMillis) throws IOException {
    SocketChannel ch = SocketChannel.open();
    try {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.socket().connect(new InetSocketAddress(host, port), timeoutMillis);
      ch.configureBlocking(false);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return ch;
  }
}
