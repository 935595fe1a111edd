package dev.regatta.runner.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** Waiting for a wall-clock instant, as the synchronised start needs (nodes share an NTP clock). */
public final class WallClock {
  private WallClock() {}

  /** Sleeps until the wall clock reaches {@code at}; returns at once when it is already past. */
  public static void sleepUntil(Instant at) throws InterruptedException {
    while (true) {
      long nanos = Duration.between(Instant.now(), at).toNanos();
      if (nanos <= 0) {
        return;
      }
      // Coarse sleeps while far away, then a short park: Thread.sleep alone overshoots by a scheduler tick.
      if (nanos > 2_000_000) {
        Thread.sleep(Math.min(1000, (nanos - 1_000_000) / 1_000_000));
      } else {
        LockSupport.parkNanos(nanos);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
