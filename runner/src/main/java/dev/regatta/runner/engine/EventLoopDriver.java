package dev.regatta.runner.engine;

import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.NonBlockingConnection;
import dev.regatta.runner.workload.PipelinedConnection;
import dev.regatta.runner.workload.WorkloadException;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed model on event loops: connections are split over a few threads, each with one selector, and a
 * connection sends its next request from the completion of the last one, like wrk. Same definitions as
 * {@link LoadDriver#closed}: latency from send to complete, counted when sent inside the measured window.
 * A request that takes longer than the timeout is counted as a timeout and its connection reopened.
 *
 * <p>A {@link PipelinedConnection} sends a batch per send and the loop records each operation of the batch
 * as its reply is parsed (latency from the batch's send to the read that completed it); a batch takes one
 * ticket of {@code iterations}, like one pipelined {@code execute()} on the blocking path.
 */
final class EventLoopDriver {
  private EventLoopDriver() {}

  /** Event-loop threads: half the cores (the other half is usually the target's), at least one. */
  static int loops(int connections) {
    String env = System.getenv("REGATTA_EVENT_LOOPS");
    int n = env != null ? Integer.parseInt(env) : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    return Math.max(1, Math.min(n, connections));
  }

  static Window closed(List<NonBlockingConnection> connections, long warmupNanos, long durationNanos, Long iterations,
      long timeoutNanos, java.time.Instant releaseAt) throws Exception {
    int loops = loops(connections.size());
    AtomicLong tickets = new AtomicLong(iterations == null ? Long.MAX_VALUE : iterations);
    List<Loop> all = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      all.add(new Loop(Selector.open(), tickets, iterations != null, warmupNanos, durationNanos, timeoutNanos));
    }
    for (int i = 0; i < connections.size(); i++) {
      all.get(i % loops).slots.add(new Slot(connections.get(i)));
    }
    LoadDriver.Gate gate = new LoadDriver.Gate(loops, releaseAt);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      Loop loop = all.get(i);
      Thread t = new Thread(() -> loop.run(gate.await()), "regatta-loop-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    long base = gate.open();
    long epochMicros = LoadDriver.epochMicros();
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      throw e;
    }
    Recorder total = new Recorder();
    long measuredStart = base + warmupNanos;
    long maxEnd = measuredStart;
    for (Loop l : all) {
      if (l.failure != null) {
        throw l.failure;
      }
      total.add(l.recorder);
      maxEnd = Math.max(maxEnd, l.lastEnd);
      l.selector.close();
    }
    long length = LoadDriver.windowLength(iterations, durationNanos, tickets.get() > 0, measuredStart, maxEnd);
    return new Window(total, measuredStart, length, epochMicros + warmupNanos / 1000);
  }

  private static final class Slot {
    final NonBlockingConnection c;
    /** c as a pipelined connection, or null. */
    final PipelinedConnection batch;
    /** Operations of the current batch recorded (or forgotten, in the warm-up) so far. */
    int reported;
    SocketChannel registered;
    SelectionKey key;
    /** Why the last reset could not reconnect (the type the next begin() on the dead channel is counted as). */
    String reconnectFailure;
    long t0;
    boolean measured;
    boolean done;

    Slot(NonBlockingConnection c) {
      this.c = c;
      this.batch = c instanceof PipelinedConnection p ? p : null;
    }
  }

  private static final class Loop {
    final Selector selector;
    final AtomicLong tickets;
    final boolean counted;
    final long warmupNanos;
    final long durationNanos;
    final long timeoutNanos;
    final List<Slot> slots = new ArrayList<>();
    final Recorder recorder = new Recorder();
    long warmEnd;
    long end;
    long lastEnd;
    int running;
    Exception failure;

    Loop(Selector selector, AtomicLong tickets, boolean counted, long warmupNanos, long durationNanos, long timeoutNanos) {
      this.selector = selector;
      this.tickets = tickets;
      this.counted = counted;
      this.warmupNanos = warmupNanos;
      this.durationNanos = durationNanos;
      this.timeoutNanos = timeoutNanos;
    }

    void run(long base) {
      warmEnd = base + warmupNanos;
      // with iterations and a duration, whichever comes first
      end = counted && durationNanos <= 0 ? Long.MAX_VALUE : warmEnd + durationNanos;
      lastEnd = warmEnd;
      try {
        running = slots.size();
        for (Slot s : slots) {
          startNext(s, System.nanoTime());
        }
        long lastTimeoutCheck = System.nanoTime();
        while (running > 0 && !Thread.currentThread().isInterrupted()) {
          selector.select(this::ready, 10);
          long now = System.nanoTime();
          if (now - lastTimeoutCheck > 5_000_000) {
            lastTimeoutCheck = now;
            for (Slot s : slots) {
              if (!s.done && now - s.t0 > timeoutNanos) {
                failed(s, ErrorTypes.TIMEOUT, now, true);
              }
            }
          }
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    private void ready(SelectionKey key) {
      Slot s = (Slot) key.attachment();
      if (s.done || !key.isValid()) {
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
            long now = System.nanoTime();
            drain(s, now);
            if (complete) {
              startNext(s, now);
            }
          } else if (complete) {
            long now = System.nanoTime();
            if (s.measured) {
              recorder.success((now - s.t0) / 1000, s.c.bytes());
              lastEnd = now;
            }
            startNext(s, now);
          }
        }
      } catch (WorkloadException e) {
        // a complete response with an error status: the connection is fine (pipelined connections count
        // error replies themselves and never get here)
        long now = System.nanoTime();
        if (s.measured) {
          recorder.failure(e.type(), (now - s.t0) / 1000, 1);
          lastEnd = now;
        }
        startNext(s, now);
      } catch (Exception e) {
        failed(s, ErrorTypes.classify(e), System.nanoTime(), true);
      }
    }

    /** Records the replies a pipelined connection parsed so far. */
    private void drain(Slot s, long now) {
      int n = s.batch.drain(s.measured ? recorder : null, (now - s.t0) / 1000);
      s.reported += n;
      if (n > 0 && s.measured) {
        lastEnd = now;
      }
    }

    /** The operations of the current send without a reply yet: all but those a batch has recorded. */
    private int unanswered(Slot s) {
      return s.batch == null ? 1 : s.batch.depth() - s.reported;
    }

    private void failed(Slot s, String type, long now, boolean reset) {
      if (s.batch != null) {
        drain(s, now); // replies parsed before the failure count as they were
      }
      int ops = unanswered(s);
      if (s.measured && ops > 0) {
        recorder.failure(type, (now - s.t0) / 1000, ops);
        lastEnd = now;
      }
      if (reset) {
        if (!reconnect(s) && now - end < 0) {
          // the next begin() fails again and is counted; do not spin: give the target a moment
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
      }
      startNext(s, System.nanoTime());
    }

    private void startNext(Slot s, long now) {
      s.c.drainStats(s.measured ? recorder : null); // what the operation that just ended moved and checked
      while (true) {
        if (now - end >= 0) {
          finish(s);
          return;
        }
        s.measured = now - warmEnd >= 0;
        if (s.measured && counted && tickets.getAndDecrement() <= 0) {
          finish(s);
          return;
        }
        s.t0 = now;
        s.reported = 0;
        try {
          s.c.begin();
          SocketChannel ch = s.c.channel();
          int ops = s.c.wantsWrite() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
          if (ch != s.registered || !s.key.isValid()) {
            if (s.key != null) {
              s.key.cancel();
            }
            s.key = ch.register(selector, ops, s);
            s.registered = ch;
          } else {
            s.key.interestOps(ops);
          }
          return;
        } catch (Exception e) {
          long t = System.nanoTime();
          if (s.measured) {
            // begin() on the channel a failed reconnect left closed: the failure is the reconnect's
            String type = s.reconnectFailure != null && e instanceof java.nio.channels.ClosedChannelException
                ? s.reconnectFailure : ErrorTypes.classify(e);
            recorder.failure(type, (t - s.t0) / 1000, unanswered(s));
            lastEnd = t;
          }
          if (!reconnect(s)) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // target down: do not spin
          }
          now = System.nanoTime();
        }
      }
    }

    /** Drops the slot's broken connection and opens a new one; false (and why, kept) when that failed. */
    private static boolean reconnect(Slot s) {
      try {
        s.c.reset();
        s.reconnectFailure = null;
        return true;
      } catch (IOException e) {
        s.reconnectFailure = ErrorTypes.classify(e);
        return false;
      }
    }

    private void finish(Slot s) {
      if (!s.done) {
        s.done = true;
        running--;
        // a key whose channel a failed reconnect closed is cancelled already: touching it would throw
        if (s.key != null && s.key.isValid()) {
          s.key.interestOps(0);
        }
      }
    }
  }
}
