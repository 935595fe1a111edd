package dev.regatta.runner.engine;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.Stage;
import dev.regatta.units.Durations;
import java.time.Duration;
import java.util.List;

/**
 * The open model's intended send times. Slot {@code k} (0-based, warm-up slots first) is sent at
 * {@link #intendedNanos(long)} after the warm-up start. A constant rate puts measured slot j at j/rate; ramp
 * stages move the rate linearly from the previous stage's rate (0 before the first stage) to each stage's
 * target, and slot j goes where the cumulative arrivals reach j. The measured window holds exactly
 * {@link #measuredSlots()} = floor(rate × duration) (or the iterations) slots: that is the number
 * {@code count + dropped} adds up to.
 */
public final class ArrivalSchedule {
  private final long warmupSlots;
  private final double warmupRate;
  private final long warmupNanos;
  private final long measuredSlots;
  private final long measuredNanos;
  // Ramp stages: start offset (ns after measured start), duration (ns), rates, cumulative slots at start.
  private final double[] stageStart;
  private final double[] stageLength;
  private final double[] stageFrom;
  private final double[] stageTo;
  private final double[] stageCum;
  private final double constantRate;

  private ArrivalSchedule(long warmupSlots, double warmupRate, long warmupNanos, long measuredSlots, long measuredNanos,
      double constantRate, double[] start, double[] length, double[] from, double[] to, double[] cum) {
    this.warmupSlots = warmupSlots;
    this.warmupRate = warmupRate;
    this.warmupNanos = warmupNanos;
    this.measuredSlots = measuredSlots;
    this.measuredNanos = measuredNanos;
    this.constantRate = constantRate;
    this.stageStart = start;
    this.stageLength = length;
    this.stageFrom = from;
    this.stageTo = to;
    this.stageCum = cum;
  }

  /**
   * @param duration the measured window (ignored with stages: their durations add up to it)
   * @param iterations measured slots instead of (or, with a duration, at most as many as) the duration's
   *     (constant rate only)
   */
  public static ArrivalSchedule of(Load load, Duration warmup, Duration duration, Long iterations) {
    List<Stage> stages = load.getStages();
    long warmNanos = warmup == null ? 0 : warmup.toNanos();
    if (stages != null && !stages.isEmpty()) {
      int n = stages.size();
      double[] start = new double[n];
      double[] length = new double[n];
      double[] from = new double[n];
      double[] to = new double[n];
      double[] cum = new double[n];
      double t = 0;
      double c = 0;
      double prev = 0;
      for (int i = 0; i < n; i++) {
        Stage s = stages.get(i);
        start[i] = t;
        length[i] = Durations.parse(s.getDuration()).toNanos();
        from[i] = prev;
        to[i] = s.getRate();
        cum[i] = c;
        c += (from[i] + to[i]) / 2 * length[i] / 1e9;
        t += length[i];
        prev = to[i];
      }
      double warmRate = stages.get(0).getRate();
      return new ArrivalSchedule(slots(warmRate, warmNanos), warmRate, warmNanos, (long) Math.floor(c + 1e-9),
          (long) t, 0, start, length, from, to, cum);
    }
    double rate = load.getRate();
    // iterations and a duration: whichever comes first
    long measured = iterations == null ? slots(rate, duration.toNanos())
        : duration == null ? iterations : Math.min(iterations, slots(rate, duration.toNanos()));
    long measuredNanos = iterations == null || measured < iterations ? duration.toNanos()
        : (long) Math.ceil(iterations * 1e9 / rate);
    return new ArrivalSchedule(slots(rate, warmNanos), rate, warmNanos, measured, measuredNanos, rate, null, null,
        null, null, null);
  }

  private static long slots(double rate, long nanos) {
    return rate <= 0 ? 0 : (long) Math.floor(rate * nanos / 1e9 + 1e-9);
  }

  public long totalSlots() {
    return warmupSlots + measuredSlots;
  }

  public long measuredSlots() {
    return measuredSlots;
  }

  public boolean isMeasured(long slot) {
    return slot >= warmupSlots;
  }

  public long warmupNanos() {
    return warmupNanos;
  }

  public long measuredNanos() {
    return measuredNanos;
  }

  /** Intended send time of a slot, in ns after the warm-up start. */
  public long intendedNanos(long slot) {
    if (slot < warmupSlots) {
      return (long) (slot * 1e9 / warmupRate);
    }
    long j = slot - warmupSlots;
    if (stageStart == null) {
      return warmupNanos + (long) (j * 1e9 / constantRate);
    }
    int i = stageCum.length - 1;
    while (i > 0 && stageCum[i] > j) {
      i--;
    }
    double jj = j - stageCum[i];
    double r0 = stageFrom[i];
    double a = (stageTo[i] - r0) / (2 * stageLength[i] / 1e9);
    // t solves a t^2 + r0 t = jj; this form stays exact when a == 0 and is stable for small a.
    double disc = Math.max(0, r0 * r0 + 4 * a * jj);
    double denom = r0 + Math.sqrt(disc);
    double seconds = denom <= 0 ? 0 : 2 * jj / denom;
    return warmupNanos + (long) (stageStart[i] + Math.min(seconds * 1e9, stageLength[i]));
  }
}
