package dev.regatta.runner.engine;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed model on one event loop: each connection sends its next operation when the last one ended, like
 * wrk. Latency runs from the send; an operation counts when it is sent inside the measured window. With
 * iterations, every send takes a ticket from the count shared by all loops (a pipelined batch takes one).
 */
final class ClosedLoop extends EventLoop {
  private final AtomicLong tickets;
  private final boolean counted;
  private final long warmupNanos;
  private final long durationNanos;
  private final StopSignal stop;
  private long warmEnd;
  private long end;
  private int running;

  ClosedLoop(LoadClock clock, LoopWaiter waiter, long timeoutNanos, AtomicLong tickets, boolean counted,
      long warmupNanos, long durationNanos, StopSignal stop) {
    super(clock, waiter, timeoutNanos);
    this.stop = stop;
    this.tickets = tickets;
    this.counted = counted;
    this.warmupNanos = warmupNanos;
    this.durationNanos = durationNanos;
  }

  @Override
  void loop(long base) throws IOException {
    warmEnd = base + warmupNanos;
    // with iterations and a duration, whichever comes first (k6 shared-iterations with maxDuration)
    end = counted && durationNanos <= 0 ? Long.MAX_VALUE : warmEnd + durationNanos;
    lastEnd = warmEnd;
    running = slots.size();
    for (LoopSlot s : slots) {
      startNext(s, clock.nanoTime());
    }
    while (running > 0 && !Thread.currentThread().isInterrupted()) {
      if (stop.requested() && (end == Long.MAX_VALUE || stop.atNanos() - end < 0)) {
        // the window ends at the stop: nothing more is sent, and what is in flight ends as at a window's end
        end = stop.atNanos();
      }
      long now = clock.nanoTime();
      checkTimeouts(now);
      await(now, now + MAX_WAIT_NANOS);
    }
  }

  @Override
  void ended(LoopSlot s, long now) {
    startNext(s, now);
  }

  @Override
  void refusedPause() {
    // the target is down: the next begin() fails again and is counted; give it a moment rather than spin
    waiter.pause(RETRY_PAUSE_NANOS);
  }

  private void startNext(LoopSlot s, long now) {
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
      if (begin(s, now)) {
        return;
      }
      now = clock.nanoTime();
    }
  }

  private void finish(LoopSlot s) {
    if (!s.done) {
      s.done = true;
      running--;
      quiet(s);
    }
  }
}
