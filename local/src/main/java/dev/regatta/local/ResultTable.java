package dev.regatta.local;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.RepeatsLine;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The merged rows of a run's status as a plain text table: one fleet row per point, then its regions; then, for
 * points measured more than once, mean +- stddev over repeats in the serving benchmark's line shape, and the
 * pass rate of each HTTP check, and the faults that left a pod's measurements out. Nothing is cut: columns are as wide as their longest value. MB/s are decimal.
 */
final class ResultTable {
  private static final String[] HEADER = {"SCENARIO", "PARAMS", "REGION", "PODS", "THROUGHPUT", "MB/S", "P50", "P90",
      "P95", "P99", "P99.9", "ERRORS", "DROPPED"};

  private ResultTable() {}

  static String render(BenchmarkRun run) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    List<ResultRow> results = run.getStatus() == null || run.getStatus().getResults() == null ? List.of()
        : run.getStatus().getResults();
    for (ResultRow r : results) {
      String params = r.getParams() == null || r.getParams().isEmpty() ? "-" : params(r);
      rows.add(row(r.getScenario(), params, "all", r));
      if (r.getByRegion() != null && r.getByRegion().size() > 1) {
        for (ResultRow.RegionRow rr : r.getByRegion()) {
          rows.add(row("", "", rr.getRegion() == null || rr.getRegion().isEmpty() ? "(none)" : rr.getRegion(), rr));
        }
      }
    }
    if (rows.size() == 1) {
      return "(no merged results)\n";
    }
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        sb.append(String.format("%-" + width[i] + "s", r[i]));
        sb.append(i == r.length - 1 ? "\n" : "  ");
      }
    }
    boolean repeated = false;
    for (ResultRow r : results) {
      if (r.getRepeats() != null && r.getRepeats() > 1) {
        sb.append(repeated ? "" : "over repeats (mean +- sample stddev):\n").append("  ").append(r.getScenario())
            .append("  ").append(RepeatsLine.of(r)).append('\n');
        repeated = true;
      }
    }
    for (ResultRow r : results) {
      if (r.getChecks() != null) {
        for (ResultRow.CheckRate c : r.getChecks()) {
          sb.append(String.format(java.util.Locale.ROOT, "check %s %s%s: %s %.2f%% passed (%d of %d)%n",
              r.getScenario(), r.getParams() == null || r.getParams().isEmpty() ? "" : params(r) + " ", c.getName(),
              c.getFails() != null && c.getFails() == 0 ? "\u2713" : "\u2717",
              c.getPassRate() == null ? 0.0 : 100 * c.getPassRate(), c.getPasses(), c.getPasses() + c.getFails()));
        }
      }
    }
    // a pod left out of the rows (late, lost) changes what they mean: say so under them, never only in status
    var status = run.getStatus();
    if (status != null && status.getFaults() != null) {
      for (var f : status.getFaults()) {
        sb.append("fault ").append(f.getType()).append(": ").append(f.getMessage()).append('\n');
      }
    }
    if (status != null && Boolean.TRUE.equals(status.getPartial())) {
      sb.append("partial: some pods' measurements are not in these rows (status.faults, status.pods)\n");
    }
    return sb.toString();
  }

  /** A point's parameters: each value's label where the matrix names one, else name=value. */
  static String params(ResultRow r) {
    return r.getParams().entrySet().stream()
        .map(e -> r.getLabels() != null && r.getLabels().containsKey(e.getKey()) ? r.getLabels().get(e.getKey())
            : e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String[] row(String scenario, String params, String region, RowFigures f) {
    LatencySummary l = f.getLatencyMicros();
    return new String[] {
        scenario, params, region,
        f.getPods() == null ? "-" : String.valueOf(f.getPods()),
        f.getThroughputPerSecond() == null ? "-" : Humanize.rate(f.getThroughputPerSecond()),
        f.getBytesPerSecond() == null ? "-" : Humanize.megabytes(f.getBytesPerSecond()).replace(" MB/s", ""),
        l == null || l.getP50() == null ? "-" : Humanize.micros(l.getP50()),
        l == null || l.getP90() == null ? "-" : Humanize.micros(l.getP90()),
        l == null || l.getP95() == null ? "-" : Humanize.micros(l.getP95()),
        l == null || l.getP99() == null ? "-" : Humanize.micros(l.getP99()),
        l == null || l.getP999() == null ? "-" : Humanize.micros(l.getP999()),
        f.getErrors() == null ? "0" : String.valueOf(f.getErrors()),
        f.getDropped() == null ? "0" : String.valueOf(f.getDropped())};
  }
}
