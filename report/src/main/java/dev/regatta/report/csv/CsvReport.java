package dev.regatta.report.csv;

import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportRow;
import dev.regatta.result.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One CSV row per scenario × params × region ("all" first), one column per parameter: the shape a
 * spreadsheet or pandas wants for "one row per client × test × replica count". RFC 4180 quoting; numbers
 * unformatted (ops/s with two decimals, latencies in integer microseconds); unknown values empty.
 */
public final class CsvReport {
  public static final List<String> FIGURE_COLUMNS = List.of("region", "pods", "repeats", "throughput_mean",
      "throughput_stddev", "p50", "p90", "p99", "p999", "errors", "dropped", "cpu_seconds", "peak_rss_bytes");

  private CsvReport() {}

  public static String write(Report report) {
    return write(report.rows(), report.paramNames());
  }

  public static String write(List<ReportRow> rows, List<String> params) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add("scenario");
    header.addAll(params);
    header.addAll(FIGURE_COLUMNS);
    line(out, header);
    for (ReportRow r : rows) {
      List<String> cells = new ArrayList<>();
      cells.add(r.scenario());
      for (String p : params) {
        cells.add(r.params().getOrDefault(p, ""));
      }
      LatencySummary l = r.latencyMicros();
      cells.add(r.region());
      cells.add(str(r.pods()));
      cells.add(str(r.repeats()));
      cells.add(num(r.throughputMean(), 2));
      cells.add(num(r.throughputStddev(), 2));
      cells.add(l == null ? "" : str(l.getP50()));
      cells.add(l == null ? "" : str(l.getP90()));
      cells.add(l == null ? "" : str(l.getP99()));
      cells.add(l == null ? "" : str(l.getP999()));
      cells.add(str(r.errors()));
      cells.add(str(r.dropped()));
      cells.add(num(r.cpuSeconds(), 3));
      cells.add(str(r.peakRssBytes()));
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
