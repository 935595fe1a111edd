package dev.regatta.operator.reconcile.live;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Progress;
import dev.regatta.api.v1alpha1.RegionProgress;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * status.progress of a Running run, from the fleet's live figures. Every field is as of the moment the figures were
 * renewed (elapsed too), so a reconcile in between writes nothing new: at most one status write per
 * {@link LiveFleet#progressEvery()} comes from progress.
 */
public final class LiveProgress {
  private LiveProgress() {}

  /** Sets status.progress and queues the live channel's warnings as Events; returns when to look again. */
  public static Instant update(RunContext run, LiveFleet fleet) {
    BenchmarkRunSpec spec = run.spec();
    LiveFleet.Snapshot s = fleet.follow(run.key(), run.seen().pods(), regions(spec), spec.effectiveLiveInterval(),
        run.now());
    s.warnings().forEach(w -> run.event(EventReason.LiveIntervalsUnreadable, w));
    run.status().setProgress(of(s.figures(), s.figuresAt(), startAt(run), expected(spec), run.slots().size()));
    return s.nextDue();
  }

  /** Each placement's region (placements without one are left out). */
  static Map<String, String> regions(BenchmarkRunSpec spec) {
    Map<String, String> out = new HashMap<>();
    if (spec.getPlacements() != null) {
      spec.getPlacements().stream().filter(p -> p.getName() != null && p.getRegion() != null && !p.getRegion().isEmpty())
          .forEach(p -> out.put(p.getName(), p.getRegion()));
    }
    return out;
  }

  /** The run left Running: no progress in its status, nothing followed. */
  public static void end(RunContext run, LiveFleet fleet) {
    run.status().setProgress(null);
    fleet.forget(run.key());
  }

  static Progress of(LiveFigures f, Instant at, Instant startAt, Duration expected, int podsExpected) {
    Progress p = new Progress();
    if (startAt != null) {
      Duration elapsed = Duration.between(startAt, at);
      p.setElapsed(Durations.format(elapsed.isNegative() ? Duration.ZERO : Duration.ofSeconds(elapsed.toSeconds())));
    }
    if (expected != null) {
      p.setExpected(Durations.format(expected));
    }
    p.setPodsExpected(podsExpected);
    if (f == null) {
      p.setPodsReporting(0);
      return p;
    }
    p.setScenario(f.scenario());
    p.setParams(f.params().isEmpty() ? null : f.params());
    p.setRepeat(f.repeat() + 1);
    p.setIntervalEnd(Instant.ofEpochMilli(f.intervalEndMillis()).toString());
    p.setIntervalSeconds(round3(f.intervalSeconds()));
    p.setThroughputPerSecond(round3(f.throughputPerSecond()));
    p.setThroughput(Humanize.rate(f.throughputPerSecond(), "ops/s"));
    p.setMegabytesPerSecond(round3(f.megabytesPerSecond()));
    p.setP50Micros(f.p50Micros());
    p.setP99Micros(f.p99Micros());
    p.setP99(Humanize.micros(f.p99Micros()));
    p.setRunP50Micros(f.runP50Micros());
    p.setRunP99Micros(f.runP99Micros());
    p.setCount(f.count());
    p.setErrors(f.errors());
    p.setDropped(f.dropped());
    p.setPodsReporting(f.podsReporting());
    if (!f.byRegion().isEmpty()) {
      p.setByRegion(f.byRegion().stream().map(LiveProgress::region).toList());
    }
    return p;
  }

  private static RegionProgress region(LiveFigures.Region r) {
    RegionProgress p = new RegionProgress();
    p.setRegion(r.region());
    p.setThroughputPerSecond(round3(r.throughputPerSecond()));
    p.setMegabytesPerSecond(round3(r.megabytesPerSecond()));
    p.setP50Micros(r.p50Micros());
    p.setP99Micros(r.p99Micros());
    p.setErrors(r.errors());
    p.setDropped(r.dropped());
    p.setPodsReporting(r.podsReporting());
    return p;
  }

  private static Instant startAt(RunContext run) {
    var b = run.status().getBarrier();
    try {
      return b == null || b.getStartAt() == null ? null : Instant.parse(b.getStartAt());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Every point's planned warm-up and windows, all repeats; null when the spec cannot be planned. */
  static Duration expected(BenchmarkRunSpec spec) {
    try {
      return ScenarioPlan.of(spec).stream().map(ScenarioPlan::plannedLength).reduce(Duration.ZERO, Duration::plus);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static double round3(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
  }
}
