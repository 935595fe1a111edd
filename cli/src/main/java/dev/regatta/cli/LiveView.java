package dev.regatta.cli;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Progress;
import dev.regatta.api.v1alpha1.RegionProgress;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import dev.regatta.result.LatencySummary;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code regatta watch} prints: a line each time the run's phase or its {@code status.progress} changes (the
 * operator renews progress every live interval, at most every 10 s), and the final table of its merged rows once it
 * has ended. Lines, not a redrawn screen, so the same view reads in a terminal and in a CI log.
 */
final class LiveView {
  private final PrintWriter out;
  private String last;

  LiveView(PrintWriter out) {
    this.out = out;
  }

  /** Prints the run's state if it changed since the last line. */
  synchronized void show(BenchmarkRun r) {
    if (r == null) {
      return;
    }
    String line = line(r.getStatus());
    if (line != null && !line.equals(last)) {
      out.println(line);
      out.flush();
      last = line;
    }
  }

  /**
   * One line: the phase, and while Running with progress, the last interval's fleet figures; then a line per region
   * when progress has them.
   */
  static String line(BenchmarkRunStatus s) {
    if (s == null || s.getPhase() == null) {
      return "Pending";
    }
    Progress p = s.getProgress();
    if (s.getPhase() != Phase.Running || p == null) {
      return s.getPhase() + (s.getMessage() == null || s.getMessage().isBlank() ? "" : ": " + s.getMessage());
    }
    StringBuilder b = new StringBuilder("Running ");
    b.append(p.getElapsed() == null ? "?" : p.getElapsed());
    if (p.getExpected() != null) {
      b.append(" of ~").append(p.getExpected()).append(eta(p.getElapsed(), p.getExpected()));
    }
    b.append(" | ").append(p.getScenario() == null ? "-" : p.getScenario()).append(params(p.getParams()));
    if (p.getRepeat() != null) {
      b.append(" repeat ").append(p.getRepeat());
    }
    b.append(" | ").append(p.getThroughputPerSecond() == null ? "- ops/s" : Humanize.rate(p.getThroughputPerSecond(),
        "ops/s"));
    if (p.getMegabytesPerSecond() != null) {
      b.append(String.format(Locale.ROOT, " %.2f MB/s", p.getMegabytesPerSecond()));
    }
    b.append(" | p50 ").append(micros(p.getP50Micros())).append(" p99 ").append(micros(p.getP99Micros()));
    if (p.getRunP99Micros() != null) {
      b.append(" (so far p99 ").append(micros(p.getRunP99Micros())).append(')');
    }
    b.append(" | ").append(n(p.getCount())).append(" ops, ").append(n(p.getErrors())).append(" errors, ")
        .append(n(p.getDropped())).append(" dropped");
    if (p.getPodsExpected() != null) {
      b.append(" | pods ").append(p.getPodsReporting() == null ? "?" : p.getPodsReporting()).append('/')
          .append(p.getPodsExpected());
    }
    // the same interval per region, one indented line each (only when the run's pods are in two or more)
    for (RegionProgress r : p.getByRegion() == null ? List.<RegionProgress>of() : p.getByRegion()) {
      b.append("\n    ").append(r.getRegion()).append(": ")
          .append(r.getThroughputPerSecond() == null ? "- ops/s" : Humanize.rate(r.getThroughputPerSecond(), "ops/s"));
      if (r.getMegabytesPerSecond() != null) {
        b.append(String.format(Locale.ROOT, " %.2f MB/s", r.getMegabytesPerSecond()));
      }
      b.append(" | p50 ").append(micros(r.getP50Micros())).append(" p99 ").append(micros(r.getP99Micros()))
          .append(" | ").append(n(r.getErrors())).append(" errors, ").append(n(r.getDropped())).append(" dropped")
          .append(" | pods ").append(r.getPodsReporting() == null ? "?" : r.getPodsReporting());
    }
    return b.toString();
  }

  /** The merged rows, the fleet's and each region's, as a table with every column as wide as its longest value. */
  static String finalTable(BenchmarkRunStatus s) {
    if (s == null || s.getResults() == null || s.getResults().isEmpty()) {
      return "no results\n";
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("SCENARIO", "PARAMS", "REGION", "PODS", "THROUGHPUT", "MB/S", "P50", "P99", "ERRORS",
        "DROPPED"));
    for (ResultRow r : s.getResults()) {
      String rate = r.getThroughputMean() == null ? null : Humanize.rate(r.getThroughputMean(),
          r.getRateUnit() == null ? "ops/s" : r.getRateUnit());
      rows.add(cells(r.getScenario(), params(r.getParams()).trim(), "all", r, rate));
      for (ResultRow.RegionRow rr : r.getByRegion()) {
        String regionRate = rr.getThroughputPerSecond() == null ? null : Humanize.rate(rr.getThroughputPerSecond(),
            r.getRateUnit() == null ? "ops/s" : r.getRateUnit());
        rows.add(cells(r.getScenario(), params(r.getParams()).trim(), rr.getRegion(), rr, regionRate));
      }
    }
    int[] width = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        b.append(i == 0 ? "" : "  ").append(i == row.size() - 1 ? row.get(i)
            : String.format(Locale.ROOT, "%-" + width[i] + "s", row.get(i)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static List<String> cells(String scenario, String params, String region, RowFigures f, String rate) {
    LatencySummary l = f.getLatencyMicros();
    return List.of(scenario, params.isEmpty() ? "-" : params, region == null ? "-" : region,
        f.getPods() == null ? "-" : f.getPods().toString(), rate == null ? "-" : rate,
        f.getMegabytesPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.2f", f.getMegabytesPerSecond()),
        l == null ? "-" : micros(l.getP50()), l == null ? "-" : micros(l.getP99()), n(f.getErrors()),
        n(f.getDropped()));
  }

  /** " ETA 55s": what is left of the expected length (never negative: preparing points adds to it). */
  private static String eta(String elapsed, String expected) {
    if (elapsed == null || !Durations.isValid(elapsed) || !Durations.isValid(expected)) {
      return "";
    }
    Duration left = Durations.parse(expected).minus(Durations.parse(elapsed));
    return left.isNegative() ? ", ETA any moment" : ", ETA " + Durations.format(left);
  }

  private static String params(Map<String, String> params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(" ");
    params.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
    return b.toString();
  }

  private static String micros(Long v) {
    return v == null ? "-" : Humanize.micros(v);
  }

  private static String n(Long v) {
    return v == null ? "0" : Long.toString(v);
  }
}
