package dev.regatta.report.html;

import dev.regatta.report.compare.Comparison;
import dev.regatta.report.compare.RowChange;
import dev.regatta.report.json.JsonReport;
import dev.regatta.report.model.ParamValues;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportRow;
import dev.regatta.result.LatencySummary;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * One self-contained HTML page: tables and inline SVG plots, no script and nothing fetched, so it opens from
 * a CI artifact or a mail attachment. The plotted numbers are embedded as JSON in
 * {@code <script type="application/json" id="regatta-data">} for tools that want them.
 */
public final class HtmlReport {
  public static final String DATA_ELEMENT_ID = "regatta-data";

  private HtmlReport() {}

  public static String write(Report report) {
    PlotData plots = PlotData.of(report);
    StringBuilder h = new StringBuilder(64 * 1024);
    String title = "Regatta report: " + report.run();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Svg.esc(title))
        .append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
    h.append("<h1>").append(Svg.esc(title)).append("</h1>\n");
    meta(h, report);
    if (report.comparison() != null) {
      comparison(h, report.comparison());
    }
    sweepPlots(h, plots.sweeps());
    h.append("<h2>Results</h2>\n<p class=\"note\">The first figure column is each scenario's headline: throughput "
        + "(operations per second, in the unit shown) or bandwidth (MB/s: decimal megabytes, 10<sup>6</sup> bytes, per "
        + "second). Figures are means ± sample stddev over repeats; latency percentiles are read from the sum of every "
        + "pod's histogram.</p>\n");
    rowsTable(h, report, report.rows(), false);
    latencyPlots(h, plots.latency());
    regionPlots(h, plots.regions());
    TimeCharts.write(h, report.timeSeries(), report.seriesNotes());
    if (!report.podRows().isEmpty()) {
      h.append("<h2>Per pod</h2>\n<details><summary>").append(report.podRows().size())
          .append(" rows</summary>\n");
      rowsTable(h, report, report.podRows(), true);
      h.append("</details>\n");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("run", report.run());
    data.put("runs", report.runs());
    data.put("namespace", report.namespace());
    data.put("plots", plots);
    data.put("rows", report.rows());
    data.put("comparison", report.comparison());
    // "</" would end the script element early; JSON allows the escaped form.
    h.append("<script type=\"application/json\" id=\"").append(DATA_ELEMENT_ID).append("\">")
        .append(JsonReport.write(data, false).replace("</", "<\\/")).append("</script>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void meta(StringBuilder h, Report r) {
    h.append("<table class=\"meta\">");
    metaRow(h, "namespace", r.namespace());
    metaRow(h, "phase", r.phase());
    metaRow(h, "source", r.source());
    metaRow(h, "start skew", r.skewMillis() == null ? null : String.format(Locale.ROOT, "%.1f ms", r.skewMillis()));
    metaRow(h, "partial", Boolean.TRUE.equals(r.partial()) ? "yes: some pods' results are missing" : null);
    metaRow(h, "generated", r.generatedAt());
    h.append("</table>\n");
  }

  private static void metaRow(StringBuilder h, String k, String v) {
    if (v != null) {
      h.append("<tr><th>").append(k).append("</th><td>").append(Svg.esc(v)).append("</td></tr>");
    }
  }

  private static void comparison(StringBuilder h, Comparison c) {
    long n = c.regressions();
    h.append("<h2>Against baseline ").append(Svg.esc(c.baseline())).append("</h2>\n<p class=\"")
        .append(n > 0 ? "bad" : "good").append("\">").append(n).append(n == 1 ? " regression" : " regressions")
        .append(" past ").append(String.format(Locale.ROOT, "%.1f", c.thresholdPercent()))
        .append("% (throughput down or p99 up)</p>\n");
    h.append("<table class=\"rows\"><tr><th>scenario</th><th>params</th><th>region</th><th>throughput</th>"
        + "<th>baseline</th><th>change</th><th>p99</th><th>baseline</th><th>change</th><th></th></tr>\n");
    for (RowChange r : c.rows()) {
      h.append(r.regression() ? "<tr class=\"regression\">" : "<tr>");
      cell(h, r.scenario());
      cell(h, PlotData.pointLabel(r.params(), null, ""));
      cell(h, r.region());
      cell(h, rate(r.throughput()));
      cell(h, rate(r.baselineThroughput()));
      cell(h, pct(r.throughputChangePercent()));
      cell(h, micros(r.p99Micros()));
      cell(h, micros(r.baselineP99Micros()));
      cell(h, pct(r.p99ChangePercent()));
      cell(h, r.regression() ? "REGRESSION" : r.note() == null ? "" : r.note());
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void rowsTable(StringBuilder h, Report report, List<ReportRow> rows, boolean pods) {
    boolean runs = report.combined();
    boolean network = rows.stream().anyMatch(r -> r.bytesSent() != null);
    boolean makespan = rows.stream().anyMatch(r -> r.makespanSeconds() != null);
    boolean checks = rows.stream().anyMatch(r -> r.checks() != null);
    h.append("<table class=\"rows\"><tr>").append(runs ? "<th>run</th>" : "")
        .append("<th>scenario</th><th>params</th><th>region</th>");
    if (pods) {
      h.append("<th>pod</th>");
    }
    h.append("<th>pods</th><th>repeats</th><th class=\"headline\">headline</th><th>requests</th><th>throughput</th>"
        + "<th>MB/s</th>");
    for (double p : report.percentiles()) {
      h.append("<th>").append(LatencySummary.column(p)).append("</th>");
    }
    h.append("<th>errors</th><th>dropped</th>");
    if (network) {
      h.append("<th>sent</th><th>received</th><th>net rx MB/s</th><th>net tx MB/s</th>");
    }
    h.append("<th>CPU cores</th><th>cores / pod</th><th>peak RSS</th>");
    if (makespan) {
      h.append("<th>makespan</th>");
    }
    if (checks) {
      h.append("<th>checks</th>");
    }
    h.append("</tr>\n");
    for (ReportRow r : rows) {
      LatencySummary l = r.latencyMicros();
      h.append(ReportRow.ALL.equals(r.region()) ? "<tr class=\"all\">" : "<tr>");
      if (runs) {
        cell(h, r.run());
      }
      cell(h, r.scenario());
      cell(h, r.paramsText());
      cell(h, r.region());
      if (pods) {
        cell(h, r.pod());
      }
      cell(h, r.pods() == null ? "" : r.pods().toString());
      cell(h, r.repeats() == null ? "" : r.repeats().toString());
      cell(h, headline(r));
      cell(h, r.count() == null ? "" : r.count().toString());
      cell(h, r.throughputMean() == null ? "" : Humanize.rate(r.throughputMean(), r.rateUnit() == null ? "ops/s"
          : r.rateUnit()) + (r.throughputStddev() == null ? "" : " ± " + Humanize.rate(r.throughputStddev())));
      cell(h, r.megabytesPerSecond() == null ? "" : mb(r.megabytesPerSecond())
          + (r.megabytesPerSecondStddev() == null ? "" : " ± " + mb(r.megabytesPerSecondStddev())));
      for (double p : report.percentiles()) {
        cell(h, l == null ? "" : micros(l.at(p)));
      }
      cell(h, r.errors() == null ? "" : r.errors().toString());
      cell(h, r.dropped() == null ? "" : r.dropped().toString());
      if (network) {
        cell(h, bytes(r.bytesSent()));
        cell(h, bytes(r.bytesReceived()));
        cell(h, r.netRxMegabytesPerSecond() == null ? "" : mb(r.netRxMegabytesPerSecond()));
        cell(h, r.netTxMegabytesPerSecond() == null ? "" : mb(r.netTxMegabytesPerSecond()));
      }
      cell(h, r.cpuCores() == null ? "" : String.format(Locale.ROOT, "%.2f", r.cpuCores()));
      cell(h, r.cpuCoresPerPod() == null ? "" : String.format(Locale.ROOT, "%.2f", r.cpuCoresPerPod()));
      cell(h, bytes(r.peakRssBytes()));
      if (makespan) {
        cell(h, r.makespanSeconds() == null ? "" : String.format(Locale.ROOT, "%.3f s", r.makespanSeconds()));
      }
      if (checks) {
        cell(h, r.checks() == null ? "" : String.join(", ", r.checks().stream().map(c -> c.getName() + " "
            + (c.getPassRate() == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * c.getPassRate()))).toList()));
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  /** The row's headline figure with its unit, ± its stddev over repeats. */
  static String headline(ReportRow r) {
    Double v = r.headlineValue();
    if (v == null) {
      return "";
    }
    Double sd = r.headlineStddev();
    if (r.bandwidthFirst()) {
      return mb(v) + " MB/s" + (sd == null ? "" : " ± " + mb(sd));
    }
    return Humanize.rate(v, r.headlineUnit()) + (sd == null ? "" : " ± " + Humanize.rate(sd));
  }

  private static String mb(double v) {
    return Humanize.megabytes(v * Humanize.MEGABYTE).replace(" MB/s", "");
  }

  private static String bytes(Long b) {
    return b == null ? "" : Humanize.byteRate(b).replace("/s", "");
  }

  private static void latencyPlots(StringBuilder h, List<PlotData.LatencyPlot> plots) {
    if (plots.isEmpty()) {
      return;
    }
    h.append("<h2>Latency distribution</h2>\n<p class=\"note\">Percentile curves of the merged histograms; the x "
        + "axis gives each \"nine\" the same width.</p>\n");
    for (PlotData.LatencyPlot p : plots) {
      double maxP = 99.9;
      double minV = Double.MAX_VALUE;
      double maxV = 1;
      double medianV = Double.MAX_VALUE;
      List<Charts.Series> series = new ArrayList<>();
      for (PlotData.LatencyCurve c : p.curves()) {
        int n = c.percentiles().size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        String[] tips = new String[n];
        for (int i = 0; i < n; i++) {
          xs[i] = c.percentiles().get(i);
          ys[i] = c.valuesMicros().get(i);
          tips[i] = c.label() + ": p" + String.format(Locale.ROOT, "%.4f", xs[i]).replaceAll("0+$", "")
              .replaceAll("\\.$", "") + " = " + Humanize.micros(c.valuesMicros().get(i));
          maxP = Math.max(maxP, xs[i]);
          if (xs[i] >= 50.0) {
            medianV = Math.min(medianV, ys[i]);
          }
          minV = Math.min(minV, ys[i]);
          maxV = Math.max(maxV, ys[i]);
        }
        series.add(new Charts.Series(c.label(), xs, ys, null, tips));
      }
      if (minV == Double.MAX_VALUE) {
        minV = 1;
      }
      Axis x = Charts.xAxis(Axis.Scale.NINES, 0, maxP, null, null);
      // Linear like HdrHistogram's plotter, unless the tail is so far above the median that linear would
      // flatten everything below p99 onto the axis.
      boolean log = maxV / Math.max(1, medianV == Double.MAX_VALUE ? minV : medianV) > 20;
      Axis y = Charts.yAxis(log, Math.max(1, minV), maxV, v -> Humanize.micros(Math.round(v)));
      h.append("<div class=\"plot\">").append(Charts.line("latency-plot", p.scenario() + ": latency by percentile",
          "percentile", "latency", x, y, series)).append("</div>\n");
    }
  }

  /** One chart per question: every scenario that sweeps a parameter over the same values, one line each. */
  private static void sweepPlots(StringBuilder h, List<PlotData.SweepPlot> plots) {
    if (plots.isEmpty()) {
      return;
    }
    h.append("<h2>By parameter</h2>\n<p class=\"note\">One chart per swept parameter, one line per scenario (and per "
        + "combination of its other parameters) in the scenario's headline figure: bandwidth in MB/s (decimal, 10<sup>6"
        + "</sup> bytes per second) or throughput in operations per second. Fleet figures, mean over repeats; bars: ± one "
        + "stddev.</p>\n");
    for (PlotData.SweepPlot p : plots) {
      boolean sizeLike = p.param().toLowerCase(Locale.ROOT).contains("size");
      DoubleFunction<String> xLabels = sizeLike ? Axis::size : Axis::number;
      List<String> categories = new ArrayList<>();
      double minX = Double.MAX_VALUE;
      double maxX = 0;
      double maxY = 0;
      for (PlotData.SweepSeries s : p.series()) {
        for (int i = 0; i < s.x().size(); i++) {
          if (!categories.contains(s.x().get(i))) {
            categories.add(s.x().get(i));
          }
          maxY = Math.max(maxY, s.y().get(i) + nz(s.stddev().get(i)));
          if (!"category".equals(p.scale())) {
            double v = ParamValues.numeric(s.x().get(i));
            minX = Math.min(minX, v);
            maxX = Math.max(maxX, v);
          }
        }
      }
      Axis.Scale scale = switch (p.scale()) {
        case "log2" -> Axis.Scale.LOG2;
        case "log10" -> Axis.Scale.LOG10;
        case "linear" -> Axis.Scale.LINEAR;
        default -> Axis.Scale.CATEGORY;
      };
      if (minX == Double.MAX_VALUE) {
        minX = 0;
      }
      boolean bandwidth = p.figure().equals("bandwidth");
      Axis x = Charts.xAxis(scale, minX, maxX, xLabels, categories);
      Axis y = Charts.yAxis(false, 0, maxY, Axis::number);
      List<Charts.Series> series = new ArrayList<>();
      for (PlotData.SweepSeries s : p.series()) {
        int n = s.x().size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] err = new double[n];
        String[] tips = new String[n];
        for (int i = 0; i < n; i++) {
          xs[i] = scale == Axis.Scale.CATEGORY ? categories.indexOf(s.x().get(i)) : ParamValues.numeric(s.x().get(i));
          ys[i] = s.y().get(i);
          err[i] = nz(s.stddev().get(i));
          String value = bandwidth ? mb(ys[i]) + " MB/s" + (err[i] > 0 ? " ± " + mb(err[i]) : "")
              : Humanize.rate(ys[i], p.unit()) + (err[i] > 0 ? " ± " + Humanize.rate(err[i]) : "");
          tips[i] = s.label() + " " + p.param() + "=" + s.x().get(i) + ": " + value;
        }
        series.add(new Charts.Series(s.label(), xs, ys, err, tips));
      }
      h.append("<div class=\"plot\">").append(Charts.line(bandwidth ? "bandwidth-plot" : "throughput-plot", p.title(),
          p.param(), bandwidth ? "MB/s (decimal)" : p.unit(), x, y, series)).append("</div>\n");
    }
  }

  private static void regionPlots(StringBuilder h, List<PlotData.RegionPlot> plots) {
    if (plots.isEmpty()) {
      return;
    }
    h.append("<h2>Regions</h2>\n");
    for (PlotData.RegionPlot p : plots) {
      double[][] tp = new double[p.regions().size()][p.points().size()];
      double[][] p99 = new double[p.regions().size()][p.points().size()];
      for (int g = 0; g < p.regions().size(); g++) {
        for (int c = 0; c < p.points().size(); c++) {
          Double t = p.throughput().get(g).get(c);
          Long l = p.p99Micros().get(g).get(c);
          tp[g][c] = t == null ? Double.NaN : t;
          p99[g][c] = l == null ? Double.NaN : l;
        }
      }
      boolean bandwidth = p.figure().equals("bandwidth");
      h.append("<div class=\"plot\">").append(Charts.bars("region-plot", p.scenario() + ": " + p.figure()
          + " by region", bandwidth ? "MB/s (decimal)" : p.unit(), p.points(), p.regions(), tp, Axis::number,
          v -> bandwidth ? mb(v) + " MB/s" : Humanize.rate(v, p.unit()))).append("</div>\n");
      h.append("<div class=\"plot\">").append(Charts.bars("region-plot", p.scenario() + ": p99 by region",
          "p99 latency", p.points(), p.regions(), p99, v -> Humanize.micros(Math.round(v)),
          v -> Humanize.micros(Math.round(v)))).append("</div>\n");
    }
  }

  private static double nz(Double d) {
    return d == null ? 0 : d;
  }

  private static void cell(StringBuilder h, String s) {
    h.append("<td>").append(Svg.esc(s == null ? "" : s)).append("</td>");
  }

  private static String rate(Double d) {
    return d == null ? "" : Humanize.rate(d);
  }

  private static String micros(Long l) {
    return l == null ? "" : Humanize.micros(l);
  }

  private static String pct(Double d) {
    return d == null ? "" : String.format(Locale.ROOT, "%+.1f%%", d);
  }

  private static final String CSS = """
      body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
      h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd}
      table{border-collapse:collapse;font-size:12px;margin:8px 0}
      th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
      table.rows{display:block;overflow-x:auto;max-width:100%}
      th:first-child,td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}
      table.meta th{text-align:left;color:#666;font-weight:normal}
      tr.all td{font-weight:600}tr.regression td{background:#fde2e1}
      .bad{color:#b00020;font-weight:600}.good{color:#0a7a2f}.note{color:#666;font-size:12px}
      .plot{margin:12px 0}svg{background:#fff;border:1px solid #eee}th.headline{color:#0072B2}
      """;
}
