package dev.regatta.report.command;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.report.compare.Comparison;
import dev.regatta.report.compare.RowChange;
import dev.regatta.report.model.PointKey;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportRow;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.RepeatsLine;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report on the terminal, so a CI log shows the answer without opening a file: one line per row with its
 * headline figure first (operations/s with their unit, or decimal MB/s), then mean +- stddev over repeats in the
 * serving benchmark's line shape, check pass rates and the baseline comparison. Nothing is cut: every column is
 * as wide as its longest value.
 */
final class ResultsTable {
  private ResultsTable() {}

  static String render(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%s %s%s: %d rows, %d pod rows%n", r.combined() ? "runs" : "run", r.run(),
        r.phase() == null ? "" : " (" + r.phase() + ")", r.rows().size(), r.podRows().size()));
    List<String> header = new ArrayList<>(List.of("SCENARIO", "PARAMS", "REGION", "PODS", "HEADLINE", "THROUGHPUT",
        "MB/S", "P50", "P95", "P99", "ERRORS"));
    if (r.combined()) {
      header.add(0, "RUN");
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (ReportRow row : r.rows()) {
      LatencySummary l = row.latencyMicros();
      List<String> cells = new ArrayList<>();
      if (r.combined()) {
        cells.add(row.run());
      }
      cells.add(row.scenario());
      cells.add(row.paramsText().isEmpty() ? "-" : row.paramsText());
      cells.add(row.region());
      cells.add(row.pods() == null ? "-" : row.pods().toString());
      cells.add(headline(row));
      cells.add(row.throughputMean() == null ? "-" : Humanize.rate(row.throughputMean(),
          row.rateUnit() == null ? "ops/s" : row.rateUnit()));
      cells.add(row.megabytesPerSecond() == null ? "-" : mb(row.megabytesPerSecond()));
      cells.add(l == null || l.getP50() == null ? "-" : Humanize.micros(l.getP50()));
      cells.add(l == null || l.getP95() == null ? "-" : Humanize.micros(l.getP95()));
      cells.add(l == null || l.getP99() == null ? "-" : Humanize.micros(l.getP99()));
      cells.add(row.errors() == null ? "0" : row.errors().toString());
      rows.add(cells);
    }
    table(b, rows);
    boolean repeated = false;
    for (ReportRow row : r.rows()) {
      if (ReportRow.ALL.equals(row.region()) && row.repeats() != null && row.repeats() > 1) {
        b.append(repeated ? "" : "over repeats (mean +- sample stddev):\n").append("  ")
            .append(r.combined() ? row.run() + " " : "").append(row.scenario()).append("  ")
            .append(RepeatsLine.of(asResultRow(row))).append('\n');
        repeated = true;
      }
    }
    for (ReportRow row : r.rows()) {
      if (ReportRow.ALL.equals(row.region()) && row.checks() != null) {
        for (ResultRow.CheckRate c : row.checks()) {
          long all = c.getPasses() + c.getFails();
          b.append(String.format(Locale.ROOT, "check %s%s%s: %s %s %.2f%% passed (%d of %d)%n",
              r.combined() ? row.run() + " " : "", row.scenario(),
              row.paramsText().isEmpty() ? "" : " " + row.paramsText(), c.getName(),
              c.getFails() == 0 ? "\u2713" : "\u2717", all == 0 ? 0.0 : 100.0 * c.getPasses() / all, c.getPasses(), all));
        }
      }
    }
    Comparison c = r.comparison();
    if (c != null) {
      b.append(String.format(Locale.ROOT, "against %s (threshold %.1f%%): %d regression(s)%n", c.baseline(),
          c.thresholdPercent(), c.regressions()));
      for (RowChange ch : c.rows()) {
        if (ch.regression() || ch.note() != null) {
          b.append(String.format(Locale.ROOT, "  %s %s %s throughput %s  p99 %s%n",
              ch.regression() ? "REGRESSION" : ch.note(), new PointKey(ch.scenario(), ch.params()).label(),
              ch.region(), pct(ch.throughputChangePercent()), pct(ch.p99ChangePercent())));
        }
      }
    }
    return b.toString();
  }

  static String headline(ReportRow row) {
    Double v = row.headlineValue();
    if (v == null) {
      return "-";
    }
    return row.bandwidthFirst() ? mb(v) + " MB/s" : Humanize.rate(v, row.headlineUnit());
  }

  private static String mb(double v) {
    return Humanize.megabytes(v * Humanize.MEGABYTE).replace(" MB/s", "");
  }

  /** The fields RepeatsLine reads, from a report row. */
  private static ResultRow asResultRow(ReportRow row) {
    ResultRow r = new ResultRow();
    r.setScenario(row.scenario());
    r.setParams(row.params());
    r.setLabels(row.labels());
    r.setHeadline(row.headline());
    r.setRateUnit(row.rateUnit());
    r.setThroughputMean(row.throughputMean());
    r.setThroughputStddev(row.throughputStddev());
    r.setMegabytesPerSecond(row.megabytesPerSecond());
    r.setMegabytesPerSecondStddev(row.megabytesPerSecondStddev());
    return r;
  }

  private static void table(StringBuilder b, List<List<String>> rows) {
    int[] width = new int[rows.get(0).size()];
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (List<String> r : rows) {
      b.append(' ');
      for (int i = 0; i < r.size(); i++) {
        b.append(' ').append(r.get(i)).append(i == r.size() - 1 ? "" : " ".repeat(width[i] - r.get(i).length() + 1));
      }
      b.append('\n');
    }
  }

  private static String pct(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", d);
  }
}
