package dev.regatta.report.csv;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportRow;
import dev.regatta.result.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One CSV row per run × scenario × params × region ("all" first), one column per parameter (and one for its label
 * when the matrix names its values): the shape a spreadsheet or pandas wants for "one row per client × test ×
 * replica count". RFC 4180 quoting; numbers unformatted (rates with two decimals, MB/s with three, latencies in
 * integer microseconds); unknown values empty. MB/s are decimal (10^6 bytes per second) throughout.
 */
public final class CsvReport {
  /** The figure columns before the percentiles. */
  public static final List<String> LEAD_COLUMNS = List.of("region", "pods", "repeats", "headline", "count", "errors",
      "dropped", "throughput_mean", "throughput_stddev", "rate_unit", "mb_per_s", "mb_per_s_stddev");
  /** The figure columns after the percentiles. */
  public static final List<String> TAIL_COLUMNS = List.of("bytes_sent", "bytes_received", "net_rx_mb_per_s",
      "net_tx_mb_per_s", "cpu_cores", "cpu_cores_per_pod", "peak_rss_bytes", "makespan_s");

  private CsvReport() {}

  public static String write(Report report) {
    return write(report.rows(), report.paramNames(), report.labelledParams(), report.percentiles(),
        report.checkNames());
  }

  /** A parameter's column: its name, or param_NAME where a figure column has that name (pods). */
  public static String paramColumn(String param) {
    return LEAD_COLUMNS.contains(param) || TAIL_COLUMNS.contains(param) || param.equals("run")
        || param.equals("scenario") ? "param_" + param : param;
  }

  public static String write(List<ReportRow> rows, List<String> params, List<String> labelled,
      List<Double> percentiles, List<String> checks) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add("run");
    header.add("scenario");
    for (String p : params) {
      header.add(paramColumn(p));
      if (labelled.contains(p)) {
        header.add(paramColumn(p) + "_label");
      }
    }
    header.addAll(LEAD_COLUMNS);
    percentiles.forEach(p -> header.add(LatencySummary.column(p)));
    header.addAll(TAIL_COLUMNS);
    checks.forEach(c -> header.add("check_" + c));
    line(out, header);
    for (ReportRow r : rows) {
      List<String> cells = new ArrayList<>();
      cells.add(str(r.run()));
      cells.add(r.scenario());
      for (String p : params) {
        cells.add(r.params().getOrDefault(p, ""));
        if (labelled.contains(p)) {
          cells.add(r.labels() == null ? "" : r.labels().getOrDefault(p, ""));
        }
      }
      LatencySummary l = r.latencyMicros();
      cells.add(r.region());
      cells.add(str(r.pods()));
      cells.add(str(r.repeats()));
      cells.add(str(r.headline()));
      cells.add(str(r.count()));
      cells.add(str(r.errors()));
      cells.add(str(r.dropped()));
      cells.add(num(r.throughputMean(), 2));
      cells.add(num(r.throughputStddev(), 2));
      cells.add(str(r.rateUnit()));
      cells.add(num(r.megabytesPerSecond(), 3));
      cells.add(num(r.megabytesPerSecondStddev(), 3));
      for (double p : percentiles) {
        cells.add(l == null ? "" : str(l.at(p)));
      }
      cells.add(str(r.bytesSent()));
      cells.add(str(r.bytesReceived()));
      cells.add(num(r.netRxMegabytesPerSecond(), 3));
      cells.add(num(r.netTxMegabytesPerSecond(), 3));
      cells.add(num(r.cpuCores(), 3));
      cells.add(num(r.cpuCoresPerPod(), 3));
      cells.add(str(r.peakRssBytes()));
      cells.add(num(r.makespanSeconds(), 3));
      for (String c : checks) {
        ResultRow.CheckRate rate = r.checks() == null ? null
            : r.checks().stream().filter(x -> c.equals(x.getName())).findFirst().orElse(null);
        cells.add(rate == null ? "" : num(rate.getPassRate(), 4));
      }
      line(out, cells);
    }
    return out.toString();
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String num(Double d, int decimals) {
    return d == null || d.isNaN() ? "" : String.format(Locale.ROOT, "%." + decimals + "f", d);
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quote(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String quote(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
