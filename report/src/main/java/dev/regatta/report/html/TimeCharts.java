package dev.regatta.report.html;

import dev.regatta.report.model.FleetSeries;
import dev.regatta.report.model.ReportRow;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * "Over time": per window, throughput and latency percentiles (p50, p99) per interval, the fleet's line and each
 * region's, so a stall shows in the interval it happened in. Each point sits at its interval's middle; its tooltip
 * names the interval.
 */
final class TimeCharts {
  private TimeCharts() {}

  static void write(StringBuilder h, List<FleetSeries> all, List<String> notes) {
    if (all.isEmpty() && notes.isEmpty()) {
      return;
    }
    h.append("<h2>Over time</h2>\n<p class=\"note\">Each window per interval, from the pods' time series: counts "
        + "added up, percentiles read from the sum of the pods' histograms of the interval (never averaged). Every pod "
        + "starts a window at the same instant, so their intervals line up.</p>\n");
    for (String n : notes) {
      h.append("<p class=\"note series-note\">").append(Svg.esc(n)).append("</p>\n");
    }
    Map<String, List<FleetSeries>> byWindow = new LinkedHashMap<>();
    for (FleetSeries s : all) {
      byWindow.computeIfAbsent(s.run() + "|" + s.key().label() + "|" + s.repeat(), k -> new ArrayList<>()).add(s);
    }
    for (List<FleetSeries> window : byWindow.values()) {
      FleetSeries first = window.get(0);
      String title = first.key().label() + (first.repeat() > 0 ? " repeat " + (first.repeat() + 1) : "")
          + (byWindow.size() > 1 && first.run() != null ? " (" + first.run() + ")" : "");
      String every = seconds(first.intervalMillis()) + " intervals";
      h.append("<div class=\"plot\">").append(throughput(title + ": throughput over time, " + every, window))
          .append("</div>\n");
      h.append("<div class=\"plot\">").append(latency(title + ": latency over time (p50, p99), " + every, window))
          .append("</div>\n");
    }
  }

  private static String throughput(String title, List<FleetSeries> window) {
    List<Charts.Series> lines = new ArrayList<>();
    double maxX = 1;
    double maxY = 1;
    for (FleetSeries s : window) {
      int n = s.points().size();
      double[] xs = new double[n];
      double[] ys = new double[n];
      String[] tips = new String[n];
      for (int i = 0; i < n; i++) {
        FleetSeries.Point p = s.points().get(i);
        xs[i] = middle(p);
        ys[i] = p.throughputPerSecond();
        tips[i] = name(s) + " at " + span(p) + ": " + Humanize.rate(p.throughputPerSecond()) + "/s, "
            + Humanize.megabytes(p.megabytesPerSecond() * Humanize.MEGABYTE) + ", " + p.errors() + " errors, "
            + p.dropped() + " dropped";
        maxX = Math.max(maxX, (p.offsetMillis() + p.durationMillis()) / 1000.0);
        maxY = Math.max(maxY, ys[i]);
      }
      lines.add(new Charts.Series(name(s), xs, ys, null, tips));
    }
    Axis x = Axis.linear(0, maxX, Charts.LEFT, Charts.RIGHT, TimeCharts::secondsLabel);
    Axis y = Axis.linear(0, maxY, Charts.BOTTOM, Charts.TOP, v -> Humanize.rate(v));
    return Charts.line("throughput-time-plot", title, "seconds into the window", "operations / s", x, y, lines);
  }

  private static String latency(String title, List<FleetSeries> window) {
    List<Charts.Series> lines = new ArrayList<>();
    double maxX = 1;
    double minY = Double.MAX_VALUE;
    double maxY = 1;
    for (FleetSeries s : window) {
      for (String which : List.of("p99", "p50")) {
        Function<FleetSeries.Point, Long> at = which.equals("p99") ? FleetSeries.Point::p99Micros
            : FleetSeries.Point::p50Micros;
        List<FleetSeries.Point> shown = s.points().stream().filter(p -> at.apply(p) != null).toList();
        double[] xs = new double[shown.size()];
        double[] ys = new double[shown.size()];
        String[] tips = new String[shown.size()];
        for (int i = 0; i < shown.size(); i++) {
          FleetSeries.Point p = shown.get(i);
          xs[i] = middle(p);
          ys[i] = at.apply(p);
          tips[i] = name(s) + " " + which + " at " + span(p) + ": " + Humanize.micros(at.apply(p)) + " (" + p.count()
              + " operations)";
          maxX = Math.max(maxX, (p.offsetMillis() + p.durationMillis()) / 1000.0);
          minY = Math.min(minY, ys[i]);
          maxY = Math.max(maxY, ys[i]);
        }
        lines.add(new Charts.Series(name(s) + " " + which, xs, ys, null, tips));
      }
    }
    Axis x = Axis.linear(0, maxX, Charts.LEFT, Charts.RIGHT, TimeCharts::secondsLabel);
    // log: a stall a thousand times the median must not flatten every other interval onto the axis
    Axis y = Axis.log10(minY == Double.MAX_VALUE ? 1 : Math.max(1, minY), maxY, Charts.BOTTOM, Charts.TOP,
        v -> Humanize.micros(Math.round(v)));
    return Charts.line("latency-time-plot", title, "seconds into the window", "latency", x, y, lines);
  }

  private static String name(FleetSeries s) {
    return ReportRow.ALL.equals(s.region()) ? "fleet" : s.region();
  }

  private static double middle(FleetSeries.Point p) {
    return (p.offsetMillis() + p.durationMillis() / 2.0) / 1000.0;
  }

  /** "45–50 s": the interval a point stands for. */
  static String span(FleetSeries.Point p) {
    return seconds(p.offsetMillis()) + "–" + seconds(p.offsetMillis() + p.durationMillis());
  }

  private static String seconds(long millis) {
    String s = String.format(Locale.ROOT, "%.3f", millis / 1000.0).replaceAll("0+$", "").replaceAll("\\.$", "");
    return s + " s";
  }

  private static String secondsLabel(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
