package dev.regatta.report.html;

import dev.regatta.report.model.ParamValues;
import dev.regatta.report.model.PercentileCurve;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers behind every plot of the page, in one structure: the SVG is drawn from it and the page embeds
 * it as JSON, so a reader (or a test) can take the plotted values without parsing SVG.
 */
public record PlotData(List<LatencyPlot> latency, List<ThroughputPlot> throughput, List<RegionPlot> regions) {

  public record LatencyCurve(String label, Map<String, String> params, long count, List<Double> percentiles,
      List<Long> valuesMicros) {}

  public record LatencyPlot(String scenario, List<LatencyCurve> curves) {}

  /** One line per combination of the other parameters; x values in sweep order. */
  public record ThroughputSeries(String label, List<String> x, List<Double> throughput, List<Double> stddev) {}

  /** @param scale linear, log2, log10 or category */
  public record ThroughputPlot(String scenario, String param, String scale, List<ThroughputSeries> series) {}

  /** throughput[region][point], p99Micros[region][point]; null where a region has no pods at a point. */
  public record RegionPlot(String scenario, List<String> points, List<String> regions, List<List<Double>> throughput,
      List<List<Long>> p99Micros) {}

  public static PlotData of(Report report) {
    return new PlotData(latency(report), throughput(report), regions(report));
  }

  static String pointLabel(Map<String, String> params, String scenario) {
    if (params == null || params.isEmpty()) {
      return scenario;
    }
    StringBuilder b = new StringBuilder();
    params.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return b.toString();
  }

  private static List<LatencyPlot> latency(Report report) {
    Map<String, List<LatencyCurve>> byScenario = new LinkedHashMap<>();
    for (PercentileCurve c : report.curves()) {
      Map<String, String> params = paramsInRowOrder(report, c.scenario(), c.params());
      byScenario.computeIfAbsent(c.scenario(), k -> new ArrayList<>())
          .add(new LatencyCurve(pointLabel(params, c.scenario()), params, c.count(), c.percentiles(), c.valuesMicros()));
    }
    List<LatencyPlot> plots = new ArrayList<>();
    byScenario.forEach((s, curves) -> plots.add(new LatencyPlot(s, curves)));
    return plots;
  }

  /** The curve's params are sorted by name; show them in the row's (matrix) order. */
  private static Map<String, String> paramsInRowOrder(Report report, String scenario, Map<String, String> params) {
    for (ReportRow r : report.rows()) {
      if (r.scenario().equals(scenario) && new TreeMap<>(r.params()).equals(new TreeMap<>(params))) {
        return r.params();
      }
    }
    return params;
  }

  private static List<ThroughputPlot> throughput(Report report) {
    List<ThroughputPlot> plots = new ArrayList<>();
    report.sweeps().forEach((scenario, sweeps) -> {
      for (Report.Sweep sweep : sweeps) {
        Map<String, Map<String, ReportRow>> bySeries = new LinkedHashMap<>();
        for (ReportRow r : report.rows()) {
          if (!r.scenario().equals(scenario) || !ReportRow.ALL.equals(r.region())
              || !r.params().containsKey(sweep.param())) {
            continue;
          }
          Map<String, String> others = new LinkedHashMap<>(r.params());
          others.remove(sweep.param());
          String label = others.isEmpty() ? scenario : pointLabel(others, scenario);
          bySeries.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(r.params().get(sweep.param()), r);
        }
        List<ThroughputSeries> series = new ArrayList<>();
        bySeries.forEach((label, rows) -> {
          List<String> xs = new ArrayList<>();
          List<Double> ys = new ArrayList<>();
          List<Double> sd = new ArrayList<>();
          for (String v : sweep.values()) {
            ReportRow r = rows.get(v);
            if (r != null && r.throughputMean() != null) {
              xs.add(v);
              ys.add(r.throughputMean());
              sd.add(r.throughputStddev());
            }
          }
          series.add(new ThroughputSeries(label, xs, ys, sd));
        });
        String scale = !sweep.numeric() ? "category" : sweep.powersOfTwo() ? "log2" : wideRange(sweep) ? "log10" : "linear";
        plots.add(new ThroughputPlot(scenario, sweep.param(), scale, series));
      }
    });
    return plots;
  }

  private static boolean wideRange(Report.Sweep sweep) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (String v : sweep.values()) {
      double d = ParamValues.numeric(v);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    return min > 0 && max / min >= 100;
  }

  private static List<RegionPlot> regions(Report report) {
    Map<String, LinkedHashSet<String>> regionsOf = new LinkedHashMap<>();
    Map<String, LinkedHashMap<String, Map<String, ReportRow>>> cells = new LinkedHashMap<>();
    for (ReportRow r : report.rows()) {
      if (ReportRow.ALL.equals(r.region())) {
        cells.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>())
            .putIfAbsent(pointLabel(r.params(), r.scenario()), new LinkedHashMap<>());
        continue;
      }
      regionsOf.computeIfAbsent(r.scenario(), k -> new LinkedHashSet<>()).add(r.region());
      cells.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>())
          .computeIfAbsent(pointLabel(r.params(), r.scenario()), k -> new LinkedHashMap<>()).put(r.region(), r);
    }
    List<RegionPlot> plots = new ArrayList<>();
    regionsOf.forEach((scenario, regionSet) -> {
      if (regionSet.size() < 2) {
        return; // one region: nothing to compare, the fleet rows say it all
      }
      List<String> regions = new ArrayList<>(regionSet);
      List<String> points = new ArrayList<>(cells.get(scenario).keySet());
      List<List<Double>> tp = new ArrayList<>();
      List<List<Long>> p99 = new ArrayList<>();
      for (String region : regions) {
        List<Double> t = new ArrayList<>();
        List<Long> l = new ArrayList<>();
        for (String p : points) {
          ReportRow r = cells.get(scenario).get(p).get(region);
          t.add(r == null ? null : r.throughputMean());
          l.add(r == null ? null : r.p99());
        }
        tp.add(t);
        p99.add(l);
      }
      plots.add(new RegionPlot(scenario, points, regions, tp, p99));
    });
    return plots;
  }
}
