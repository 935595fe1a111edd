package dev.regatta.runner.engine;

import dev.regatta.runner.record.Recorder;

/**
 * What one measured window produced: every thread's recorder added up, and when the window really ran.
 *
 * @param measuredStartNanos System.nanoTime() at the start of the measured window
 * @param measuredNanos the window length throughput is computed over
 * @param startEpochMicros wall-clock time of the measured start
 */
public record Window(Recorder total, long measuredStartNanos, long measuredNanos, long startEpochMicros) {
  public double seconds() {
    return measuredNanos / 1e9;
  }
}
