package dev.regatta.runner.engine;

import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.WorkloadConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives connections for one window, one platform thread per connection (a blocking client on its own
 * thread is the cheapest honest way to keep N requests in flight). Each thread records into its own
 * {@link Recorder}; they are added up after every thread has finished.
 */
final class LoadDriver {
  /**
   * Open model: a request that cannot start within this long of its intended time, because every
   * connection is still busy, is dropped (counted, not sent). Requests that start later than intended but
   * within the bound are sent, and their latency includes the wait.
   */
  static final long DROP_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The longest an open-model thread waits for its next arrival without looking for a stop. */
  static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private LoadDriver() {}

  /** Closed model: each connection sends its next request when the last one completed. */
  static Window closed(List<WorkloadConnection> connections, long warmupNanos, long durationNanos, Long iterations,
      Instant releaseAt, StopSignal stop) throws InterruptedException {
    int n = connections.size();
    Recorder[] recorders = new Recorder[n];
    long[] lastEnd = new long[n];
    AtomicLong tickets = new AtomicLong(iterations == null ? Long.MAX_VALUE : iterations);
    Started started = perConnection(recorders, releaseAt, (idx, gate) -> {
      WorkloadConnection c = connections.get(idx);
      Recorder r = recorders[idx];
      int ops = c.operationsPerExecute();
      long base = gate.await();
      long warmEnd = base + warmupNanos;
      // with iterations and a duration, whichever comes first (k6 shared-iterations with maxDuration)
      long end = durationNanos > 0 || iterations == null ? warmEnd + durationNanos : Long.MAX_VALUE;
      long last = warmEnd;
      while (!Thread.currentThread().isInterrupted()) {
        long t0 = System.nanoTime();
        if (t0 - end >= 0 || stop.requested()) {
          break;
        }
        boolean measured = t0 - warmEnd >= 0;
        if (measured && iterations != null && tickets.getAndDecrement() <= 0) {
          break;
        }
        try {
          long bytes = c.execute();
          long t1 = System.nanoTime();
          if (measured) {
            r.success((t1 - t0) / 1000, bytes, ops);
            last = t1;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          long t1 = System.nanoTime();
          String type = ErrorTypes.classify(e);
          if (measured) {
            r.failure(type, (t1 - t0) / 1000, ops);
            last = t1;
          }
          if (type.equals(ErrorTypes.REFUSED) || type.equals(ErrorTypes.RESET) || type.equals(ErrorTypes.IO)) {
            // the target is down or restarting: retry soon, but do not spin a core on errors
            LockSupport.parkNanos(1_000_000);
          }
        }
        c.drainStats(measured ? r : null);
      }
      lastEnd[idx] = last;
    });
    Recorder total = sum(recorders);
    long measuredStart = started.base() + warmupNanos;
    long maxEnd = measuredStart;
    for (long e : lastEnd) {
      maxEnd = Math.max(maxEnd, e);
    }
    long length = windowLength(iterations, durationNanos, tickets.get() > 0, measuredStart, maxEnd);
    return new Window(total, measuredStart, stop.measured(measuredStart, length),
        started.epochMicros() + warmupNanos / 1000);
  }

  /**
   * The measured window's length: the duration when time ended it; with iterations, from the start to the last
   * operation's end when they ran out first (at most the duration, when there is one).
   *
   * @param ticketsLeft true when iterations were left over (or there were none): time ended the window
   */
  static long windowLength(Long iterations, long durationNanos, boolean ticketsLeft, long measuredStart, long maxEnd) {
    if (iterations == null || (durationNanos > 0 && ticketsLeft)) {
      return durationNanos;
    }
    long used = Math.max(1, maxEnd - measuredStart);
    return durationNanos > 0 ? Math.min(used, durationNanos) : used;
  }

  /**
   * Open model: slots are claimed in schedule order by whichever connection is free; a connection waits for
   * its slot's intended time, and latency runs from that intended time to completion, so time spent waiting
   * for a free connection (a stalled target) is in the latency. See {@link #DROP_AFTER_NANOS}.
   */
  static Window open(List<WorkloadConnection> connections, ArrivalSchedule schedule, Instant releaseAt,
      StopSignal stop) throws InterruptedException {
    int n = connections.size();
    Recorder[] recorders = new Recorder[n];
    AtomicLong next = new AtomicLong();
    long total = schedule.totalSlots();
    Started started = perConnection(recorders, releaseAt, (idx, gate) -> {
      WorkloadConnection c = connections.get(idx);
      Recorder r = recorders[idx];
      int ops = c.operationsPerExecute();
      long base = gate.await();
      boolean interrupted = false;
      while (true) {
        long slot = next.getAndIncrement();
        if (slot >= total) {
          break;
        }
        boolean measured = schedule.isMeasured(slot);
        long intended = base + schedule.intendedNanos(slot);
        if (stop.requested()) {
          if (intended - stop.atNanos() >= 0) {
            break; // after the stop: outside the window that was measured (slots are claimed in order)
          }
          if (measured) {
            r.drop(); // due before the stop, never sent
          }
          continue;
        }
        if (interrupted) {
          if (measured) {
            r.drop(); // stopping: account for every remaining slot rather than losing it
          }
          continue;
        }
        long now;
        while ((now = System.nanoTime()) - intended < 0 && !stop.requested()) {
          // in slices, so that a stop is seen at once however far away the next arrival is
          LockSupport.parkNanos(Math.min(intended - now, STOP_CHECK_NANOS));
          if (Thread.interrupted()) {
            interrupted = true;
            break;
          }
        }
        if (stop.requested() && now - intended < 0) {
          break; // not due when the stop came: after the window that was measured
        }
        if (interrupted || now - intended > DROP_AFTER_NANOS) {
          if (measured) {
            r.drop();
          }
          continue;
        }
        try {
          long bytes = c.execute();
          if (measured) {
            r.success((System.nanoTime() - intended) / 1000, bytes, ops);
          }
        } catch (InterruptedException e) {
          interrupted = true;
          if (measured) {
            r.drop();
          }
        } catch (Exception e) {
          if (measured) {
            r.failure(ErrorTypes.classify(e), (System.nanoTime() - intended) / 1000, ops);
          }
        }
        c.drainStats(measured ? r : null);
      }
    });
    long warm = schedule.warmupNanos();
    long measuredStart = started.base() + warm;
    return new Window(sum(recorders), measuredStart, stop.measured(measuredStart, schedule.measuredNanos()),
        started.epochMicros() + warm / 1000);
  }

  /** The body of one load thread: connection idx, which calls {@code gate.await()} when ready to start. */
  private interface PerConnection {
    void run(int idx, Gate gate);
  }

  /** The common base time (nanoTime) the load threads were released at, and the wall clock then. */
  private record Started(long base, long epochMicros) {}

  /**
   * Fills recorders with a fresh Recorder each, runs body on one daemon platform thread per recorder
   * ("regatta-load-i"), releases them together once all are waiting at the gate, and returns after every
   * thread has finished (interrupting them if this thread is interrupted).
   */
  private static Started perConnection(Recorder[] recorders, Instant releaseAt, PerConnection body)
      throws InterruptedException {
    int n = recorders.length;
    Gate gate = new Gate(n, releaseAt);
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int idx = i;
      recorders[i] = Recorder.measuring();
      Thread t = new Thread(() -> body.run(idx, gate), "regatta-load-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    long base = gate.open();
    long epochMicros = epochMicros();
    joinAll(threads);
    return new Started(base, epochMicros);
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  static Recorder sum(Recorder[] recorders) {
    Recorder total = new Recorder();
    for (Recorder r : recorders) {
      total.add(r);
    }
    return total;
  }

  private static void joinAll(List<Thread> threads) throws InterruptedException {
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      for (Thread t : threads) {
        t.join(5000);
      }
      throw e;
    }
  }

  /** Lets every load thread start at one common base time once all of them are running. */
  static final class Gate {
    private final CountDownLatch ready;
    private final CountDownLatch go = new CountDownLatch(1);
    private final Instant releaseAt;
    private final LoadClock clock;
    private volatile long base;

    /**
     * @param releaseAt when not null, the wall-clock instant to release the threads at once they are all
     *     waiting: pod mode's common start. Starting the threads first keeps their start-up (slow on a
     *     busy node) out of the start skew.
     */
    Gate(int parties, Instant releaseAt) {
      this(parties, releaseAt, LoadClock.SYSTEM);
    }

    Gate(int parties, Instant releaseAt, LoadClock clock) {
      ready = new CountDownLatch(parties);
      this.releaseAt = releaseAt;
      this.clock = clock;
    }

    long await() {
      ready.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          go.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return base;
    }

    long open() throws InterruptedException {
      ready.await();
      if (releaseAt != null) {
        WallClock.sleepUntil(releaseAt);
      }
      base = clock.nanoTime();
      go.countDown();
      return base;
    }
  }
}
