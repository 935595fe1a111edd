package dev.regatta.runner.workloads.stream;

import dev.regatta.runner.record.Recorder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One batch of tasks through the pipeline. Every task is claimed exactly once, by the worker that processed it
 * or, after the deadline, by the generator as lost; whoever claims it records it and counts the latch down, so
 * the recorders are complete and quiet once the latch reaches zero.
 */
final class Wave {
  final int id;
  final int tasks;
  /** One recorder per worker (index = worker), or null for an unmeasured warm-up wave. */
  final Recorder[] workerRecorders;
  final CountDownLatch remaining;
  /** Tasks generated but not yet processed: bounds what sits in the broker. */
  final Semaphore inFlight;
  private final AtomicIntegerArray claimed;
  /** nanoTime the first task was emitted (0 until then), and the latest a task was finished or declared lost. */
  volatile long firstEmitNanos;
  private final java.util.concurrent.atomic.AtomicLong lastDoneNanos = new java.util.concurrent.atomic.AtomicLong();

  Wave(int id, int tasks, Recorder[] workerRecorders, int window) {
    this.id = id;
    this.tasks = tasks;
    this.workerRecorders = workerRecorders;
    this.remaining = new CountDownLatch(tasks);
    this.inFlight = new Semaphore(window);
    this.claimed = new AtomicIntegerArray(tasks);
  }

  /** True for the one caller that gets to account for task seq. */
  boolean claim(int seq) {
    return seq >= 0 && seq < tasks && claimed.compareAndSet(seq, 0, 1);
  }

  boolean measured() {
    return workerRecorders != null;
  }

  void done(long nanoTime) {
    lastDoneNanos.accumulateAndGet(nanoTime, Math::max);
  }

  /** First task emitted to last task done; -1 when no task was emitted. */
  long makespanNanos() {
    long first = firstEmitNanos;
    return first == 0 ? -1 : Math.max(0, lastDoneNanos.get() - first);
  }
}
