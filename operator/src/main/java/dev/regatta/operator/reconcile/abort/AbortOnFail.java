package dev.regatta.operator.reconcile.abort;

import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.operator.reconcile.live.PointSoFar;
import dev.regatta.thresholds.Figure;
import dev.regatta.thresholds.ThresholdExpr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges the criteria with abortOnFail on the fleet's live figures. Each is judged on every point it selects, on
 * that point's figures <em>so far</em> ({@link PointSoFar}: every complete fleet interval of the point, all its
 * repeats so far, histograms added): the very figure its final row will be judged on, on what has been measured
 * of it. Not on the last interval alone: one slow interval (a GC pause, a noisy neighbour) would abort a run whose
 * row meets the bound, and one interval's few samples make a p99 of little worth. Never per pod.
 *
 * <p>A point may abort the run once it has measured for the criterion's delayAbortEval (counted in the point's
 * measured time, so a warm-up, the pause between points and every point's own first moments are never judged).
 * Pure: no clock, no I/O.
 */
public final class AbortOnFail {
  private AbortOnFail() {}

  /** A criterion that aborts on a live breach, parsed. */
  public record Watched(int index, Threshold threshold, ThresholdExpr expr, Duration delay) {}

  /**
   * The criteria of {@code thresholds} that abort on a live breach. One that does not parse is left to the verdict
   * (validated when applied; an operator of another version may read it otherwise).
   */
  public static List<Watched> watched(List<Threshold> thresholds) {
    List<Watched> out = new ArrayList<>();
    if (thresholds == null) {
      return out;
    }
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      if (t == null || !t.abortsOnFail()) {
        continue;
      }
      try {
        ThresholdExpr expr = ThresholdExpr.parse(t.getExpr());
        if (!expr.relative() && expr.figure() != Figure.CHECKS && t.getRegion() == null) {
          out.add(new Watched(i, t, expr, t.effectiveDelayAbortEval()));
        }
      } catch (RuntimeException e) {
        // not judged live; the verdict says why when the results are in
      }
    }
    return out;
  }

  /** The first criterion (in spec order) breached on a point past its delay, on its worst point; or none. */
  public static Optional<LiveBreach> breach(List<Watched> watched, Collection<PointSoFar> points) {
    for (Watched w : watched) {
      LiveBreach worst = null;
      for (PointSoFar p : points) {
        if (!selects(w.threshold(), p) || p.seconds() <= 0 || p.seconds() * 1e9 < w.delay().toNanos()) {
          continue;
        }
        Double v = value(w.expr().figure(), p);
        if (v == null || w.expr().holds(v)) {
          continue;
        }
        if (worst == null || worse(w.expr(), v, worst.observed())) {
          worst = new LiveBreach(w.index(), w.threshold(), w.expr(), w.delay(), label(p), v, p.seconds(),
              p.endMillis());
        }
      }
      if (worst != null) {
        return Optional.of(worst);
      }
    }
    return Optional.empty();
  }

  /** The same selection as the verdict's: the scenario, and parameters the point includes. */
  static boolean selects(Threshold t, PointSoFar p) {
    if (t.getScenario() != null && !t.getScenario().equals(p.scenario())) {
      return false;
    }
    return t.getParams() == null || p.params().entrySet().containsAll(t.getParams().entrySet());
  }

  /**
   * The point's figure so far in its base unit, defined as a result row's; null when it has none yet (no
   * operation completed: no latency, no error rate). A point that measured and completed nothing has a throughput
   * of 0, which a lower bound judges.
   */
  static Double value(Figure f, PointSoFar p) {
    long count = p.count();
    if (f.kind() == Figure.Kind.LATENCY) {
      if (count == 0) {
        return null;
      }
      return switch (f) {
        case P50 -> (double) p.percentileMicros(50);
        case P75 -> (double) p.percentileMicros(75);
        case P90 -> (double) p.percentileMicros(90);
        case P95 -> (double) p.percentileMicros(95);
        case P99 -> (double) p.percentileMicros(99);
        case P999 -> (double) p.percentileMicros(99.9);
        case MIN -> (double) p.minMicros();
        case MAX -> (double) p.maxMicros();
        case MEAN -> p.meanMicros();
        default -> throw new IllegalStateException(f.name());
      };
    }
    return switch (f) {
      case THROUGHPUT -> (count - p.errors()) / p.seconds();
      case MBPS -> p.bytes() / p.seconds();
      case ERROR_RATE -> count == 0 ? null : (double) p.errors() / count;
      case DROPPED_RATE -> count + p.dropped() == 0 ? null : (double) p.dropped() / (count + p.dropped());
      default -> null; // checks: not in the live intervals (refused when applied)
    };
  }

  private static boolean worse(ThresholdExpr expr, double v, double than) {
    return switch (expr.op()) {
      case LT, LE -> v > than;
      case GT, GE -> v < than;
    };
  }

  private static String label(PointSoFar p) {
    return p.scenario() + (p.params().isEmpty() ? "" : " " + p.params().entrySet().stream().sorted(Map.Entry
        .comparingByKey()).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}")));
  }
}
