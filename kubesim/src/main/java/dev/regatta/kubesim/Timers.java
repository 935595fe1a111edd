package dev.regatta.kubesim;

import java.time.Duration;

/** Runs a task after a delay, on the component's thread; a test supplies its own to move time by hand. */
@FunctionalInterface
public interface Timers {
  Timer schedule(Duration delay, Runnable task);

  /** A scheduled task that has not run yet can be cancelled. */
  @FunctionalInterface
  interface Timer {
    void cancel();
  }
}
