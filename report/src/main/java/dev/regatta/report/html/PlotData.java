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
public record PlotData(List<LatencyPlot> latency, List<SweepPlot> sweeps, List<RegionPlot> regions) {

  public record LatencyCurve(String label, Map<String, String> params, long count, List<Double> percentiles,
      List<Long> valuesMicros) {}

  public record LatencyPlot(String scenario, List<LatencyCurve> curves) {}

  /** One line: a scenario (of a run) at one combination of its other parameters; x values in sweep order. */
  public record SweepSeries(String label, String run, String scenario, List<String> x, List<Double> y,
      List<Double> stddev) {}

  /**
   * One question, one chart: every scenario that sweeps {@code param} over the same values, in the same figure,
   * one line per scenario (and per combination of its other parameters, and per run).
   *
   * @param figure bandwidth (y in decimal MB/s) or throughput (y in {@code unit})
   * @param scale linear, log2, log10 or category
   */
  public record SweepPlot(String title, String param, String scale, String figure, String unit, List<String> scenarios,
      List<SweepSeries> series) {}

  /** headline[region][point] in the scenario's figure, p99Micros[region][point]; null where a region has no pods. */
  public record RegionPlot(String scenario, String figure, String unit, List<String> points, List<String> regions,
      List<List<Double>> throughput, List<List<Long>> p99Micros) {}

  public static PlotData of(Report report) {
    return new PlotData(latency(report), sweeps(report), regions(report));
  }

  /** A point's parameters as a person reads them: labels where the matrix gives them, else name=value. */
  static String pointLabel(Map<String, String> params, Map<String, String> labels, String scenario) {
    if (params == null || params.isEmpty()) {
      return scenario;
    }
    StringBuilder b = new StringBuilder();
    params.forEach((k, v) -> {
      String label = labels == null ? null : labels.get(k);
      b.append(b.length() == 0 ? "" : ", ").append(label != null ? label : k + "=" + v);
    });
    return b.toString();
  }

  static String pointLabel(Map<String, String> params, String scenario) {
    return pointLabel(params, null, scenario);
  }

  private static List<LatencyPlot> latency(Report report) {
    Map<String, List<LatencyCurve>> byScenario = new LinkedHashMap<>();
    for (PercentileCurve c : report.curves()) {
      ReportRow row = rowOf(report, c);
      Map<String, String> params = row != null ? row.params() : c.params();
      String label = pointLabel(params, row == null ? null : row.labels(), c.scenario());
      if (report.combined() && c.run() != null) {
        label = c.run() + ": " + label;
      }
      byScenario.computeIfAbsent(c.scenario(), k -> new ArrayList<>())
          .add(new LatencyCurve(label, params, c.count(), c.percentiles(), c.valuesMicros()));
    }
    List<LatencyPlot> plots = new ArrayList<>();
    byScenario.forEach((s, curves) -> plots.add(new LatencyPlot(s, curves)));
    return plots;
  }

  /** The fleet row of a curve (its params in matrix order, its labels). */
  private static ReportRow rowOf(Report report, PercentileCurve c) {
    for (ReportRow r : report.rows()) {
      if (ReportRow.ALL.equals(r.region()) && r.scenario().equals(c.scenario())
          && (c.run() == null || c.run().equals(r.run()))
          && new TreeMap<>(r.params()).equals(new TreeMap<>(c.params()))) {
        return r;
      }
    }
    return null;
  }

  /**
   * One chart per question: the sweeps of every scenario (and run) grouped by parameter, values and figure, so
   * that the read-size sweep's redis, http, https and s3 draw four lines on one bandwidth-by-bufferSize chart.
   */
  private static List<SweepPlot> sweeps(Report report) {
    Map<String, SweepPlot> plots = new LinkedHashMap<>();
    Map<String, Report.Sweep> sweepOf = new LinkedHashMap<>();
    Map<String, Map<String, SweepSeries>> seriesOf = new LinkedHashMap<>();
    report.sweeps().forEach((scenario, sweeps) -> {
      for (Report.Sweep sweep : sweeps) {
        for (ReportRow r : report.rows()) {
          if (!r.scenario().equals(scenario) || !ReportRow.ALL.equals(r.region())
              || !r.params().containsKey(sweep.param()) || r.headlineValue() == null) {
            continue;
          }
          String figure = r.bandwidthFirst() ? "bandwidth" : "throughput";
          String key = sweep.param() + "\n" + sweep.values() + "\n" + figure + "\n" + r.headlineUnit();
          sweepOf.putIfAbsent(key, sweep);
          Map<String, SweepSeries> series = seriesOf.computeIfAbsent(key, k -> new LinkedHashMap<>());
          Map<String, String> others = new LinkedHashMap<>(r.params());
          others.remove(sweep.param());
          String seriesKey = r.run() + "\n" + scenario + "\n" + others;
          SweepSeries s = series.computeIfAbsent(seriesKey, k -> new SweepSeries(
              seriesLabel(report, r, scenario, others), r.run(), scenario, new ArrayList<>(), new ArrayList<>(),
              new ArrayList<>()));
          s.x().add(r.params().get(sweep.param()));
          s.y().add(r.headlineValue());
          s.stddev().add(r.headlineStddev());
          plots.putIfAbsent(key, new SweepPlot(null, sweep.param(), scale(sweep), figure, r.headlineUnit(),
              new ArrayList<>(), new ArrayList<>()));
          if (!plots.get(key).scenarios().contains(scenario)) {
            plots.get(key).scenarios().add(scenario);
          }
        }
      }
    });
    List<SweepPlot> out = new ArrayList<>();
    plots.forEach((key, p) -> {
      Report.Sweep sweep = sweepOf.get(key);
      List<SweepSeries> series = new ArrayList<>();
      for (SweepSeries s : seriesOf.get(key).values()) {
        series.add(inSweepOrder(s, sweep.values()));
      }
      String what = p.figure().equals("bandwidth") ? "bandwidth (MB/s, decimal)" : "throughput (" + p.unit() + ")";
      String title = (p.scenarios().size() == 1 ? p.scenarios().get(0) + ": " : "") + what + " by " + p.param()
          + (p.scale().equals("log2") ? " (log2 axis)" : "")
          + (p.scenarios().size() > 1 ? ": " + String.join(", ", p.scenarios()) : "");
      out.add(new SweepPlot(title, p.param(), p.scale(), p.figure(), p.unit(), List.copyOf(p.scenarios()), series));
    });
    return out;
  }

  /** The x values of a series in the sweep's order (rows come in matrix order, which may differ). */
  private static SweepSeries inSweepOrder(SweepSeries s, List<String> order) {
    List<String> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    List<Double> sd = new ArrayList<>();
    for (String v : order) {
      int i = s.x().indexOf(v);
      if (i >= 0) {
        x.add(v);
        y.add(s.y().get(i));
        sd.add(s.stddev().get(i));
      }
    }
    return new SweepSeries(s.label(), s.run(), s.scenario(), x, y, sd);
  }

  /** run (when several), scenario, and the other parameters with their labels. Never shortened. */
  private static String seriesLabel(Report report, ReportRow r, String scenario, Map<String, String> others) {
    StringBuilder b = new StringBuilder();
    if (report.combined()) {
      b.append(r.run()).append(": ");
    }
    b.append(scenario);
    if (!others.isEmpty()) {
      b.append(' ').append(pointLabel(others, r.labels(), scenario));
    }
    return b.toString();
  }

  private static String scale(Report.Sweep sweep) {
    return !sweep.numeric() ? "category" : sweep.powersOfTwo() ? "log2" : wideRange(sweep) ? "log10" : "linear";
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
      String point = (report.combined() ? r.run() + ": " : "") + pointLabel(r.params(), r.labels(), r.scenario());
      if (ReportRow.ALL.equals(r.region())) {
        cells.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>()).putIfAbsent(point, new LinkedHashMap<>());
        continue;
      }
      regionsOf.computeIfAbsent(r.scenario(), k -> new LinkedHashSet<>()).add(r.region());
      cells.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>())
          .computeIfAbsent(point, k -> new LinkedHashMap<>()).put(r.region(), r);
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
      String figure = "throughput";
      String unit = "ops/s";
      for (String region : regions) {
        List<Double> t = new ArrayList<>();
        List<Long> l = new ArrayList<>();
        for (String p : points) {
          ReportRow r = cells.get(scenario).get(p).get(region);
          t.add(r == null ? null : r.headlineValue());
          l.add(r == null ? null : r.p99());
          if (r != null) {
            figure = r.bandwidthFirst() ? "bandwidth" : "throughput";
            unit = r.headlineUnit();
          }
        }
        tp.add(t);
        p99.add(l);
      }
      plots.add(new RegionPlot(scenario, figure, unit, points, regions, tp, p99));
    });
    return plots;
  }
}
