package dev.regatta.runner.workload;

import dev.regatta.api.v1alpha1.Load;

/**
 * The time frame of one measured window on the System.nanoTime() clock: warm-up from {@code warmupStartNanos}
 * to {@code measuredStartNanos}, then the measured window to {@code measuredEndNanos} (Long.MAX_VALUE when the
 * window is bounded by {@code iterations} instead of time).
 */
public record LoadWindow(long warmupStartNanos, long measuredStartNanos, long measuredEndNanos, Long iterations,
    Load load) {

  public boolean isMeasured(long nanoTime) {
    return nanoTime >= measuredStartNanos && nanoTime < measuredEndNanos;
  }

  public int connections() {
    return load.getConnections() == null ? 1 : load.getConnections();
  }
}
