package dev.regatta.runner.engine;

import dev.regatta.runner.workload.CallbackConnection;
import dev.regatta.runner.workload.NonBlockingConnection;
import dev.regatta.runner.workload.PipelinedConnection;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One connection of an event loop and the operation it has in flight. Used by its loop's thread only. */
final class LoopSlot implements CallbackConnection.Completion {
  /** A socket connection the loop reads and writes, or null. */
  final NonBlockingConnection c;
  /** c as a pipelined connection, or null. */
  final PipelinedConnection batch;
  /** A connection whose library does the I/O and calls back, or null. */
  final CallbackConnection callback;
  private final EventLoop loop;
  /** Operations one send counts (the pipelining depth, else 1). */
  final int ops;
  /** Operations of the current batch recorded (or forgotten, in the warm-up) so far. */
  int reported;
  SocketChannel registered;
  SelectionKey key;
  /** Why the last reset could not reconnect (the type the next begin() on the dead channel is counted as). */
  String reconnectFailure;
  /** Where latency counts from: the send (closed model) or the intended send time (open model). */
  long t0;
  /** When the operation was really sent: operation timeouts count from here. */
  long sentAt;
  boolean measured;
  boolean inFlight;
  /** Closed model: this connection sends nothing more in this window. */
  boolean done;
  // a callback operation's outcome, handed over through the loop's completion queue (a happens-before edge)
  long resultBytes;
  String resultError;

  LoopSlot(Object connection, EventLoop loop) {
    this.loop = loop;
    if (connection instanceof NonBlockingConnection nb) {
      this.c = nb;
      this.batch = nb instanceof PipelinedConnection p ? p : null;
      this.callback = null;
      this.ops = batch != null ? batch.depth() : 1;
    } else if (connection instanceof CallbackConnection cb) {
      this.c = null;
      this.batch = null;
      this.callback = cb;
      this.ops = 1;
    } else {
      throw new IllegalArgumentException("not an event-loop connection: " + connection);
    }
  }

  @Override
  public void completed(long bytes, String errorType) {
    resultBytes = bytes;
    resultError = errorType;
    loop.callbackCompleted(this);
  }
}
