package dev.regatta.runner.live;

import org.HdrHistogram.WriterReaderPhaser;

/**
 * One load thread's live interval, swapped by the interval ticker while the thread keeps recording: HdrHistogram's
 * Recorder pattern (a {@link WriterReaderPhaser} over an active and an inactive {@link IntervalCounts}), with the
 * counters in the same buffer as the histogram so that an interval's count always equals its histogram's total.
 *
 * <p>The writer (the one load thread) takes no lock and allocates nothing: it enters the phaser (an atomic
 * increment), records into the active buffer and leaves. The reader (the ticker, one thread) swaps the buffers,
 * waits for writers still in the old one ({@code flipPhase}), then reads it undisturbed.
 */
public final class IntervalRecorder {
  private final WriterReaderPhaser phaser = new WriterReaderPhaser();
  private volatile IntervalCounts active = new IntervalCounts();
  private IntervalCounts inactive = new IntervalCounts();

  /** {@code ops} completed operations that took {@code micros} (already clamped) and moved {@code bytes}. */
  public void success(long micros, long bytes, int ops) {
    long e = phaser.writerCriticalSectionEnter();
    try {
      IntervalCounts a = active;
      a.histogram.recordValueWithCount(micros, ops);
      a.count += ops;
      a.bytes += bytes;
    } finally {
      phaser.writerCriticalSectionExit(e);
    }
  }

  /** {@code ops} failed operations of {@code type}; the first error of a type in a buffer allocates its counter. */
  public void failure(String type, long micros, int ops) {
    long e = phaser.writerCriticalSectionEnter();
    try {
      IntervalCounts a = active;
      a.histogram.recordValueWithCount(micros, ops);
      a.count += ops;
      a.errors += ops;
      a.errorsByType.computeIfAbsent(type, t -> new long[1])[0] += ops;
    } finally {
      phaser.writerCriticalSectionExit(e);
    }
  }

  public void drop(int n) {
    long e = phaser.writerCriticalSectionEnter();
    try {
      active.dropped += n;
    } finally {
      phaser.writerCriticalSectionExit(e);
    }
  }

  public void wire(long sent, long received) {
    long e = phaser.writerCriticalSectionEnter();
    try {
      IntervalCounts a = active;
      a.bytesSent += sent;
      a.bytesReceived += received;
      a.wireCounted = true;
    } finally {
      phaser.writerCriticalSectionExit(e);
    }
  }

  /**
   * Adds everything recorded since the last call into {@code target} and starts a new interval. One reader at a
   * time (the ticker); never called by the writer.
   */
  public void drainInto(IntervalCounts target) {
    phaser.readerLock();
    try {
      IntervalCounts old = active;
      inactive.reset();
      active = inactive;
      inactive = old;
      phaser.flipPhase();
      target.add(old);
    } finally {
      phaser.readerUnlock();
    }
  }
}
