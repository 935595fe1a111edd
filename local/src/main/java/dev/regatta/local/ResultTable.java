package dev.regatta.local;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import dev.regatta.result.LatencySummary;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The merged rows of a run's status as a plain text table: one fleet row per point, then its regions. */
final class ResultTable {
  private static final String[] HEADER = {"SCENARIO", "PARAMS", "REGION", "PODS", "THROUGHPUT", "P50", "P90", "P99",
      "P99.9", "ERRORS", "DROPPED"};

  private ResultTable() {}

  static String render(BenchmarkRun run) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    List<ResultRow> results = run.getStatus() == null || run.getStatus().getResults() == null ? List.of()
        : run.getStatus().getResults();
    for (ResultRow r : results) {
      String params = r.getParams() == null || r.getParams().isEmpty() ? "-"
          : r.getParams().entrySet().stream().map(Map.Entry::toString).collect(Collectors.joining(","));
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
    return sb.toString();
  }

  private static String[] row(String scenario, String params, String region, RowFigures f) {
    LatencySummary l = f.getLatencyMicros();
    return new String[] {
        scenario, params, region,
        f.getPods() == null ? "-" : String.valueOf(f.getPods()),
        f.getThroughputPerSecond() == null ? "-" : Humanize.rate(f.getThroughputPerSecond()),
        l == null || l.getP50() == null ? "-" : Humanize.micros(l.getP50()),
        l == null || l.getP90() == null ? "-" : Humanize.micros(l.getP90()),
        l == null || l.getP99() == null ? "-" : Humanize.micros(l.getP99()),
        l == null || l.getP999() == null ? "-" : Humanize.micros(l.getP999()),
        f.getErrors() == null ? "0" : String.valueOf(f.getErrors()),
        f.getDropped() == null ? "0" : String.valueOf(f.getDropped())};
  }
}
