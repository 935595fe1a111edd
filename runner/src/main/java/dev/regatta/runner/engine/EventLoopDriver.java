package dev.regatta.runner.engine;

import dev.regatta.runner.record.Recorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs a window on event loops: the connections are split over a few threads ({@link #loops}), each with
 * one {@link LoopWaiter} (a selector), like wrk. The closed model ({@link ClosedLoop}) sends from
 * completions; the open model ({@link OpenLoop}) sends from the arrival schedule. Both record into one
 * recorder per loop, added up at the end, and read every time from one {@link LoadClock}.
 */
final class EventLoopDriver {
  private EventLoopDriver() {}

  /** Event-loop threads: half the cores (the other half is usually the target's), at least one. */
  static int loops(int connections) {
    String env = System.getenv("REGATTA_EVENT_LOOPS");
    int n = env != null ? Integer.parseInt(env) : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    return Math.max(1, Math.min(n, connections));
  }

  /** How a driver gets its time and its loops' waiters: the system clock and selectors, or a test's. */
  record Timing(LoadClock clock, Function<Boolean, LoopWaiter> waiters, int loops, StopSignal stop) {
    Timing(LoadClock clock, Function<Boolean, LoopWaiter> waiters, int loops) {
      this(clock, waiters, loops, StopSignal.NEVER);
    }

    static Timing system(int connections) {
      return new Timing(LoadClock.SYSTEM, park -> new SelectorWaiter(LoadClock.SYSTEM, park),
          EventLoopDriver.loops(connections));
    }

    /** The same timing, ending its windows early on {@code s}. */
    Timing stoppingOn(StopSignal s) {
      return new Timing(clock, waiters, loops, s);
    }
  }

  static Window closed(List<?> connections, long warmupNanos, long durationNanos, Long iterations,
      long timeoutNanos, Instant releaseAt, Timing timing) throws Exception {
    AtomicLong tickets = new AtomicLong(iterations == null ? Long.MAX_VALUE : iterations);
    List<EventLoop> loops = new ArrayList<>();
    for (int i = 0; i < timing.loops(); i++) {
      loops.add(new ClosedLoop(timing.clock(), timing.waiters().apply(false), timeoutNanos, tickets,
          iterations != null, warmupNanos, durationNanos, timing.stop()));
    }
    Started started = run(connections, loops, releaseAt, timing.clock());
    long measuredStart = started.base() + warmupNanos;
    long maxEnd = measuredStart;
    for (EventLoop l : loops) {
      maxEnd = Math.max(maxEnd, l.lastEnd);
    }
    long length = LoadDriver.windowLength(iterations, durationNanos, tickets.get() > 0, measuredStart, maxEnd);
    return new Window(started.total(), measuredStart, timing.stop().measured(measuredStart, length),
        started.epochMicros() + warmupNanos / 1000);
  }

  static Window open(List<?> connections, ArrivalSchedule schedule, long timeoutNanos, Instant releaseAt,
      Timing timing) throws Exception {
    // a loop with callback connections must wake on their completions: it never parks (SelectorWaiter)
    boolean park = connections.stream().noneMatch(c -> c instanceof dev.regatta.runner.workload.CallbackConnection);
    List<EventLoop> loops = new ArrayList<>();
    int n = timing.loops();
    for (int i = 0; i < n; i++) {
      loops.add(new OpenLoop(timing.clock(), timing.waiters().apply(park), timeoutNanos, schedule, i, n,
          timing.stop()));
    }
    Started started = run(connections, loops, releaseAt, timing.clock());
    long warm = schedule.warmupNanos();
    long measuredStart = started.base() + warm;
    return new Window(started.total(), measuredStart, timing.stop().measured(measuredStart,
        schedule.measuredNanos()), started.epochMicros() + warm / 1000);
  }

  private record Started(long base, long epochMicros, Recorder total) {}

  /** Deals the connections out to the loops, runs each on its own thread from one common base, adds up. */
  private static Started run(List<?> connections, List<EventLoop> loops, Instant releaseAt, LoadClock clock)
      throws Exception {
    for (int i = 0; i < connections.size(); i++) {
      loops.get(i % loops.size()).add(connections.get(i));
    }
    LoadDriver.Gate gate = new LoadDriver.Gate(loops.size(), releaseAt, clock);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      EventLoop loop = loops.get(i);
      Thread t = new Thread(() -> loop.run(gate.await()), "regatta-loop-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    long base;
    long epochMicros;
    try {
      base = gate.open();
      epochMicros = LoadDriver.epochMicros();
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
    Recorder total = new Recorder();
    try {
      for (EventLoop l : loops) {
        if (l.failure != null) {
          throw l.failure;
        }
        total.add(l.recorder);
      }
    } finally {
      loops.forEach(l -> l.waiter.close());
    }
    return new Started(base, epochMicros, total);
  }
}
