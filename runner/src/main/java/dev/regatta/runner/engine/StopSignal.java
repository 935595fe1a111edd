package dev.regatta.runner.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop measuring now: pod mode's SIGTERM (an aborted run's suspended Job, a deleted or evicted pod).
 * Load drivers end the window in progress at the instant of the request, so the window that is cut short counts
 * the time it really measured, never the planned one; the engine starts nothing after it.
 */
public final class StopSignal {
  /** Never requested: for callers that cannot be stopped (the CLI, tests). */
  public static final StopSignal NEVER = new StopSignal(false);

  private final boolean stoppable;
  private final CountDownLatch requested = new CountDownLatch(1);
  private volatile long atNanos;
  private volatile String reason;

  public StopSignal() {
    this(true);
  }

  private StopSignal(boolean stoppable) {
    this.stoppable = stoppable;
  }

  /** Asks to stop; the first request's instant and reason hold. */
  public synchronized void request(String why) {
    if (!stoppable || requested()) {
      return;
    }
    atNanos = System.nanoTime();
    reason = why;
    requested.countDown(); // publishes atNanos and reason to every thread that sees requested()
  }

  public boolean requested() {
    return requested.getCount() == 0;
  }

  /** System.nanoTime() when the stop was requested; meaningful once {@link #requested()}. */
  public long atNanos() {
    return atNanos;
  }

  public String reason() {
    return reason;
  }

  /**
   * How much of a window that began measuring at {@code measuredStart} (nanoTime) and would last
   * {@code plannedNanos} was measured: all of it, or up to the stop when one came first (0 when it came before the
   * window began).
   */
  public long measured(long measuredStart, long plannedNanos) {
    if (!requested() || atNanos - (measuredStart + plannedNanos) >= 0) {
      return plannedNanos;
    }
    return Math.max(0, atNanos - measuredStart);
  }

  /** True when the stop came before a window of that start and length would have ended. */
  public boolean cut(long measuredStart, long plannedNanos) {
    return requested() && atNanos - (measuredStart + plannedNanos) < 0;
  }

  /** Waits until the wall clock reaches {@code at} or a stop comes; true when stopped. */
  public boolean sleepUntil(Instant at) throws InterruptedException {
    long nanos = Duration.between(Instant.now(), at).toNanos();
    if (nanos <= 0) {
      return requested();
    }
    return requested.await(nanos, TimeUnit.NANOSECONDS);
  }
}
