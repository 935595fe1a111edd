package dev.regatta.runner.record;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResourceUse;
import dev.regatta.result.ScenarioResult;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human summary on stdout: throughput, bytes/s, errors, dropped and a wrk --latency style table. */
public final class Summary {
  private Summary() {}

  /** e.g. "redis {op=get} closed, 50 connections, 8s". */
  public static String describe(ScenarioPlan plan) {
    Load l = plan.load();
    StringBuilder b = new StringBuilder(plan.label()).append(": ");
    if (plan.workload() instanceof dev.regatta.api.v1alpha1.StreamWorkload st) {
      // Self-timed: the window is "until the tasks are done", and workers, not connections, set concurrency.
      b.append(st.getTasks() == null ? 1000 : st.getTasks()).append(" tasks, ")
          .append(st.getWorkers() == null ? 4 : st.getWorkers()).append(" workers");
      if (plan.warmup() != null && !plan.warmup().isZero()) {
        b.append(" after ").append(Durations.format(plan.warmup())).append(" warm-up");
      }
      return b.toString();
    }
    if (l.effectiveModel() == Load.Model.OPEN) {
      b.append("open, ");
      if (l.getRate() != null) {
        b.append(fmt(l.getRate())).append(" req/s");
      } else {
        b.append(l.getStages().size()).append(" stages");
      }
      b.append(", up to ").append(l.getConnections() == null ? 50 : l.getConnections()).append(" in flight");
    } else {
      b.append("closed, ").append(l.getConnections() == null ? 10 : l.getConnections()).append(" connections");
    }
    if (plan.iterations() != null) {
      b.append(", ").append(plan.iterations()).append(" iterations");
    } else if (l.getStages() == null || l.getStages().isEmpty()) {
      b.append(", ").append(Durations.format(plan.duration()));
    }
    if (plan.warmup() != null && !plan.warmup().isZero()) {
      b.append(" after ").append(Durations.format(plan.warmup())).append(" warm-up");
    }
    return b.toString();
  }

  public static String format(ScenarioPlan plan, ScenarioResult r) {
    return format(plan, r, null);
  }

  /** With {@code client} (the workload's client line, or null) on a line of its own. */
  public static String format(ScenarioPlan plan, ScenarioResult r, String client) {
    StringBuilder b = new StringBuilder();
    b.append(describe(plan));
    if (plan.repeats() > 1) {
      b.append("  [repeat ").append(r.repeat() + 1).append('/').append(plan.repeats()).append(']');
    }
    b.append('\n');
    if (client != null) {
      b.append("  Client: ").append(client).append('\n');
    }
    b.append(String.format(Locale.ROOT, "  %d requests in %.2fs, %s read/written%n", r.count(), r.durationSeconds(),
        bytes(r.bytes())));
    boolean bandwidth = plan.headline() == dev.regatta.api.v1alpha1.Headline.BANDWIDTH;
    String rate = String.format(Locale.ROOT, "  Requests/sec: %12.2f  (%s)%n", r.throughputPerSecond(),
        plan.kind().rateUnit());
    // MB/s are decimal (10^6 bytes), as fio and wrk print them; the headline figure comes first
    String transfer = String.format(Locale.ROOT, "  Transfer/sec: %12s  (decimal MB/s, payload)%n",
        Humanize.megabytes(r.bytesPerSecond()));
    b.append(bandwidth ? transfer : rate).append(bandwidth ? rate : transfer);
    if (r.makespanSeconds() != null) {
      b.append(String.format(Locale.ROOT, "  Makespan: %.3fs (first task emitted to last task done), %.2f tasks/s%n",
          r.makespanSeconds(), r.throughputPerSecond()));
    }
    if (r.bytesSent() != null) {
      b.append(String.format(Locale.ROOT, "  Network: %s sent, %s received (%s / %s)%n", bytes(r.bytesSent()),
          bytes(r.bytesReceived()), Humanize.megabytes(r.bytesSent() / r.durationSeconds()).replace("MB/s", "MB/s out"),
          Humanize.megabytes(r.bytesReceived() / r.durationSeconds()).replace("MB/s", "MB/s in")));
    }
    if (r.checks() != null) {
      r.checks().forEach((name, c) -> {
        long all = c.passes() + c.fails();
        b.append(String.format(Locale.ROOT, "  Check %s: %s%.2f%% passed (%d of %d)%n", name,
            c.fails() == 0 ? "\u2713 " : "\u2717 ", all == 0 ? 0.0 : 100.0 * c.passes() / all, c.passes(), all));
      });
    }
    if (r.errors() > 0) {
      StringBuilder e = new StringBuilder();
      r.errorsByType().forEach((k, v) -> e.append(e.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
      b.append("  Errors: ").append(r.errors()).append(" (").append(e).append(")\n");
    } else {
      b.append("  Errors: 0\n");
    }
    if (plan.load().effectiveModel() == Load.Model.OPEN || r.dropped() > 0) {
      b.append("  Dropped: ").append(r.dropped()).append(" (could not start within 1s of their intended time)\n");
    }
    if (r.toolError() != null) {
      b.append("  Tool failed: ").append(r.toolError()).append('\n');
    }
    LatencySummary l = r.latencyMicros();
    if (!r.histogramMerges()) {
      // An external tool's printed percentiles: no min, mean or max to show, and nothing that merges.
      b.append("  Latency: the tool's own percentiles (not mergeable into fleet percentiles)\n");
    } else {
      b.append(String.format(Locale.ROOT, "  Latency  min %s  mean %s  max %s%s%n", Humanize.micros(l.getMin()),
          Humanize.micros(Math.round(l.getMean())), Humanize.micros(l.getMax()),
          plan.load().effectiveModel() == Load.Model.OPEN ? "  (from intended send time)" : ""));
    }
    b.append("  Latency Distribution\n");
    Map<String, Long> rows = new LinkedHashMap<>();
    java.util.TreeSet<Double> shown = new java.util.TreeSet<>(List.of(50.0, 75.0, 90.0, 99.0));
    shown.addAll(plan.percentiles());
    for (double p : shown) {
      rows.put(LatencySummary.key(p) + "%", l.at(p));
    }
    rows.put("max", l.getMax());
    rows.forEach((k, v) -> b.append(String.format(Locale.ROOT, "    %6s %10s%n", k, v == null ? "-" : Humanize.micros(v))));
    ResourceUse u = r.resources();
    if (u != null) {
      b.append("  Resources:");
      if (u.cpuSeconds() != null) {
        b.append(String.format(Locale.ROOT, " cpu %.2fs", u.cpuSeconds()));
      }
      if (u.cpuCores() != null) {
        b.append(String.format(Locale.ROOT, " (%.2f cores busy)", u.cpuCores()));
      }
      if (u.peakRssBytes() != null) {
        b.append(" peak-rss ").append(bytes(u.peakRssBytes()));
      }
      if (u.netRxBytes() != null) {
        b.append(" net-rx ").append(bytes(u.netRxBytes())).append(" net-tx ").append(bytes(u.netTxBytes()));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /**
   * Per point with more than one repeat: mean ± stddev over repeats of its headline figure, one line each in the
   * shape the serving benchmark's script printed ({@link dev.regatta.result.RepeatsLine}). Empty when nothing was
   * repeated.
   */
  public static String repeatsTable(List<ScenarioResult> results) {
    Map<String, List<ScenarioResult>> byPoint = new LinkedHashMap<>();
    for (ScenarioResult r : results) {
      byPoint.computeIfAbsent(r.name() + " " + r.params(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, List<ScenarioResult>> e : byPoint.entrySet()) {
      List<ScenarioResult> rs = e.getValue();
      if (rs.size() < 2) {
        continue;
      }
      ScenarioResult first = rs.get(0);
      boolean bandwidth = "bandwidth".equals(first.headline());
      double[] v = rs.stream().mapToDouble(r -> bandwidth ? r.bytesPerSecond() / Humanize.MEGABYTE
          : r.throughputPerSecond()).toArray();
      double mean = java.util.Arrays.stream(v).average().orElse(0);
      double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
      if (b.length() == 0) {
        b.append("Over repeats (mean +- sample stddev):\n");
      }
      b.append("  ").append(dev.regatta.result.RepeatsLine.of(first.name(), first.params(), first.labels(), mean,
          Math.sqrt(var), bandwidth ? "MB/s" : first.rateUnit())).append(String.format(Locale.ROOT,
          "  (%s, %d repeats)%n", first.name(), rs.size()));
    }
    return b.toString();
  }

  private static String bytes(long n) {
    String s = Humanize.byteRate(n);
    return s.substring(0, s.length() - 2);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
