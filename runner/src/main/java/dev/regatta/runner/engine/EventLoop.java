package dev.regatta.runner.engine;

import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.WorkloadException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One event-loop thread's share of a window: its connections, one recorder, and the mechanics every model
 * shares: starting an operation on a socket or callback connection, reading replies as channels become
 * ready, recording a completed operation from its slot's {@code t0}, counting failures and reconnecting.
 * What happens after an operation ends (send the next one, or free the connection for the next arrival) is
 * the model's: {@link ClosedLoop}, {@link OpenLoop}. Every time is read from the injected {@link LoadClock}.
 */
abstract class EventLoop {
  /** How often in-flight socket operations are checked against the operation timeout. */
  static final long TIMEOUT_CHECK_NANOS = 5_000_000;
  /** The longest a loop waits without looking at timeouts and interruption. */
  static final long MAX_WAIT_NANOS = 10_000_000;
  /** A target that refuses connections is retried about this often per connection, not in a spin. */
  static final long RETRY_PAUSE_NANOS = 1_000_000;

  final LoadClock clock;
  final LoopWaiter waiter;
  final long timeoutNanos;
  final List<LoopSlot> slots = new ArrayList<>();
  final Recorder recorder = Recorder.measuring();
  private final ConcurrentLinkedQueue<LoopSlot> completions = new ConcurrentLinkedQueue<>();
  private long lastTimeoutCheck;
  /** Completion time of the last recorded operation (the window's end with iterations). */
  long lastEnd;
  Exception failure;

  EventLoop(LoadClock clock, LoopWaiter waiter, long timeoutNanos) {
    this.clock = clock;
    this.waiter = waiter;
    this.timeoutNanos = timeoutNanos;
  }

  void add(Object connection) {
    slots.add(new LoopSlot(connection, this));
  }

  /** Runs the loop from the common base time until its share of the window is done. */
  final void run(long base) {
    try {
      loop(base);
    } catch (Exception e) {
      failure = e;
    }
  }

  abstract void loop(long base) throws IOException;

  /** What the model does once an operation of {@code s} has ended (recorded or failed) at {@code now}. */
  abstract void ended(LoopSlot s, long now);

  /**
   * An operation of {@code s} ended: what its connection moved and checked goes to the recorder when it was
   * measured (forgotten in the warm-up), then the model goes on.
   */
  private void operationEnded(LoopSlot s, long now) {
    if (s.c != null) {
      s.c.drainStats(s.measured ? recorder : null);
    }
    ended(s, now);
  }

  /**
   * Sends an operation on {@code s} (t0 and measured set by the caller). False when it could not even start:
   * then the failure is recorded and a reconnect tried, and the slot is idle again.
   */
  final boolean begin(LoopSlot s, long now) {
    s.sentAt = now;
    s.reported = 0;
    if (s.callback != null) {
      s.inFlight = true;
      s.callback.start(s);
      return true;
    }
    try {
      s.c.begin();
      SocketChannel ch = s.c.channel();
      int ops = s.c.wantsWrite() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
      if (ch != s.registered || !s.key.isValid()) {
        if (s.key != null) {
          s.key.cancel();
        }
        s.key = ch.register(waiter.selector(), ops, s);
        s.registered = ch;
      } else {
        s.key.interestOps(ops);
      }
      s.inFlight = true;
      return true;
    } catch (Exception e) {
      long t = clock.nanoTime();
      // begin() on the channel a failed reconnect left closed: the failure is the reconnect's
      String type = s.reconnectFailure != null && e instanceof ClosedChannelException ? s.reconnectFailure
          : ErrorTypes.classify(e);
      recordFailure(s, type, t, s.ops);
      if (!reconnect(s)) {
        refusedPause();
      }
      return false;
    }
  }

  /** Called by the model when a reconnect failed: a pause (closed model) or nothing (the schedule paces). */
  void refusedPause() {}

  /** A channel is ready: write more of the request, or parse what arrived and record what completed. */
  final void ready(SelectionKey key) {
    LoopSlot s = (LoopSlot) key.attachment();
    if (!s.inFlight || !key.isValid()) {
      return;
    }
    try {
      if (key.isWritable()) {
        s.c.onWritable();
        if (!s.c.wantsWrite()) {
          key.interestOps(SelectionKey.OP_READ);
        }
      }
      if (key.isReadable()) {
        boolean complete = s.c.onReadable();
        if (s.batch != null) {
          long now = clock.nanoTime();
          drain(s, now);
          if (complete) {
            s.inFlight = false;
            operationEnded(s, now);
          }
        } else if (complete) {
          long now = clock.nanoTime();
          s.inFlight = false;
          if (s.measured) {
            recorder.success((now - s.t0) / 1000, s.c.bytes());
            lastEnd = now;
          }
          operationEnded(s, now);
        }
      }
    } catch (WorkloadException e) {
      // a complete response with an error status: the connection is fine (pipelined connections count
      // error replies themselves and never get here)
      long now = clock.nanoTime();
      s.inFlight = false;
      recordFailure(s, e.type(), now, 1);
      operationEnded(s, now);
    } catch (Exception e) {
      failed(s, ErrorTypes.classify(e), clock.nanoTime());
    }
  }

  /** A callback operation completed (on the library's thread): queue it for the loop and wake the loop. */
  final void callbackCompleted(LoopSlot s) {
    completions.add(s);
    waiter.wakeup();
  }

  /** Records the callback operations that completed since the last call. */
  final void drainCompletions() {
    LoopSlot s;
    while ((s = completions.poll()) != null) {
      long now = clock.nanoTime();
      s.inFlight = false;
      if (s.resultError == null) {
        if (s.measured) {
          recorder.success((now - s.t0) / 1000, s.resultBytes);
          lastEnd = now;
        }
      } else {
        recordFailure(s, s.resultError, now, 1);
      }
      operationEnded(s, now);
    }
  }

  /** Counts socket operations in flight for longer than the timeout as timeouts, and reopens their connections. */
  final void checkTimeouts(long now) {
    if (now - lastTimeoutCheck < TIMEOUT_CHECK_NANOS) {
      return;
    }
    lastTimeoutCheck = now;
    for (LoopSlot s : slots) {
      if (s.inFlight && s.c != null && now - s.sentAt > timeoutNanos) {
        failed(s, ErrorTypes.TIMEOUT, now);
      }
    }
  }

  /** The operation in flight on a socket connection failed: count what had no reply, reconnect, go on. */
  final void failed(LoopSlot s, String type, long now) {
    if (s.batch != null) {
      drain(s, now); // replies parsed before the failure count as they were
    }
    s.inFlight = false;
    recordFailure(s, type, now, unanswered(s));
    if (!reconnect(s)) {
      refusedPause();
    }
    operationEnded(s, clock.nanoTime());
  }

  final void recordFailure(LoopSlot s, String type, long now, int ops) {
    if (s.measured && ops > 0) {
      recorder.failure(type, (now - s.t0) / 1000, ops);
      lastEnd = now;
    }
  }

  /** Records the replies a pipelined connection parsed so far. */
  private void drain(LoopSlot s, long now) {
    int n = s.batch.drain(s.measured ? recorder : null, (now - s.t0) / 1000);
    s.reported += n;
    if (n > 0 && s.measured) {
      lastEnd = now;
    }
  }

  /** The operations of the current send without a reply yet: all but those a batch has recorded. */
  private static int unanswered(LoopSlot s) {
    return s.batch == null ? 1 : s.batch.depth() - s.reported;
  }

  /** Drops the slot's broken connection and opens a new one; false (and why, kept) when that failed. */
  private static boolean reconnect(LoopSlot s) {
    if (s.c == null) {
      return true;
    }
    try {
      s.c.reset();
      s.reconnectFailure = null;
      return true;
    } catch (IOException e) {
      s.reconnectFailure = ErrorTypes.classify(e);
      return false;
    }
  }

  /** Waits for I/O, completions or {@code deadline}, then records the callback completions. */
  final void await(long now, long deadline) throws IOException {
    long until = deadline == Long.MAX_VALUE || deadline - now > MAX_WAIT_NANOS ? now + MAX_WAIT_NANOS : deadline;
    waiter.await(until, this::ready);
    drainCompletions();
  }

  /** Stops reading a slot's channel (the window is over for it). */
  static void quiet(LoopSlot s) {
    // a key whose channel a failed reconnect closed is cancelled already: touching it would throw
    if (s.key != null && s.key.isValid()) {
      s.key.interestOps(0);
    }
  }
}
