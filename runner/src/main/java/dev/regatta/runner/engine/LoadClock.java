package dev.regatta.runner.engine;

/**
 * The time the load engine reads: the arrival schedule, the drop bound, timeouts and the window's start and
 * end all come from here, never from {@code System.nanoTime()} directly, so that a test can run the open
 * model on virtual time (as OpenMessaging Benchmark's producer takes its clock as a {@code Supplier<Long>}).
 */
@FunctionalInterface
public interface LoadClock {
  LoadClock SYSTEM = System::nanoTime;

  /** Nanoseconds on a monotonic scale with an arbitrary origin, like {@link System#nanoTime()}. */
  long nanoTime();
}
