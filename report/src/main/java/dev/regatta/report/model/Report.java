package dev.regatta.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.report.compare.Comparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything a report shows, in one value that the JSON writer serialises as it is. A report is of one run, or
 * of several combined ({@link #combine}): then {@code run} names them all, {@code runs} lists them, and every
 * row says which run it is from.
 *
 * @param merged the merged rows exactly as the operator's merge (and the run's status) has them; one run only
 * @param rows one flat row per run × scenario × params × region, the "all" row first in each point
 * @param podRows one flat row per pod × scenario × params
 * @param curves the percentile distribution of every point, pooled over pods and repeats
 * @param sweeps the swept parameters of each scenario, in matrix order, with whether the axis is powers of two
 * @param comparison against a baseline run, or null
 * @param runs the runs in the report, in the order given
 * @param percentiles the latency percentiles the tables and the CSV show (the runs' own sets, together)
 * @param timeSeries every window over time, for the fleet and each region, from the pods' time series
 * @param seriesNotes the pods' series left out of {@code timeSeries}, and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run", "namespace", "phase", "source", "generatedAt", "skewMillis", "partial", "runs",
    "percentiles", "merged", "rows", "podRows", "curves", "sweeps", "comparison", "timeSeries", "seriesNotes"})
public record Report(
    String run,
    String namespace,
    String phase,
    String source,
    String generatedAt,
    Double skewMillis,
    Boolean partial,
    List<ResultRow> merged,
    List<ReportRow> rows,
    List<ReportRow> podRows,
    List<PercentileCurve> curves,
    Map<String, List<Sweep>> sweeps,
    Comparison comparison,
    List<RunInfo> runs,
    List<Double> percentiles,
    List<FleetSeries> timeSeries,
    List<String> seriesNotes) {

  public Report {
    timeSeries = timeSeries == null ? List.of() : timeSeries;
    seriesNotes = seriesNotes == null ? List.of() : seriesNotes;
  }

  /** One swept parameter of a scenario. */
  public record Sweep(String param, List<String> values, boolean numeric, boolean powersOfTwo) {}

  /** One run of the report. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RunInfo(String run, String namespace, String phase, String source, Double skewMillis, Boolean partial) {}

  public Report withComparison(Comparison c) {
    return new Report(run, namespace, phase, source, generatedAt, skewMillis, partial, merged, rows, podRows, curves,
        sweeps, c, runs, percentiles, timeSeries, seriesNotes);
  }

  /** True when the report holds more than one run. */
  public boolean combined() {
    return runs != null && runs.size() > 1;
  }

  public List<String> paramNames() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    sweeps.values().forEach(list -> list.forEach(s -> names.add(s.param())));
    rows.forEach(r -> names.addAll(r.params().keySet()));
    return List.copyOf(names);
  }

  /** Parameters that carry a label in some row: their labels get a column of their own. */
  public List<String> labelledParams() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    rows.forEach(r -> {
      if (r.labels() != null) {
        names.addAll(r.labels().keySet());
      }
    });
    return List.copyOf(names);
  }

  /** The names of the HTTP checks in any row, in the order they first appear. */
  public List<String> checkNames() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    rows.forEach(r -> {
      if (r.checks() != null) {
        r.checks().forEach(c -> names.add(c.getName()));
      }
    });
    return List.copyOf(names);
  }

  /**
   * Several runs' reports as one: their rows, pod rows and curves one after the other (each row names its run),
   * sweeps per scenario merged. The runs must measure the same scenarios: a combined table compares like with
   * like, so runs whose scenario sets differ are refused, naming the run.
   */
  public static Report combine(List<Report> reports) {
    if (reports.size() == 1) {
      return reports.get(0);
    }
    List<String> first = scenarios(reports.get(0));
    for (Report r : reports.subList(1, reports.size())) {
      List<String> these = scenarios(r);
      if (!new TreeSet<>(these).equals(new TreeSet<>(first))) {
        throw new IllegalArgumentException("run " + r.run() + " measures scenarios " + these + ", run "
            + reports.get(0).run() + " measures " + first + ": a combined report needs the same scenarios in every "
            + "run (report them one by one instead)");
      }
    }
    List<ReportRow> rows = new ArrayList<>();
    List<ReportRow> podRows = new ArrayList<>();
    List<PercentileCurve> curves = new ArrayList<>();
    Map<String, List<Sweep>> sweeps = new LinkedHashMap<>();
    List<RunInfo> runs = new ArrayList<>();
    TreeSet<Double> percentiles = new TreeSet<>();
    List<FleetSeries> timeSeries = new ArrayList<>();
    List<String> seriesNotes = new ArrayList<>();
    for (Report r : reports) {
      timeSeries.addAll(r.timeSeries());
      r.seriesNotes().forEach(n -> seriesNotes.add(r.run() + ": " + n));
      rows.addAll(r.rows());
      podRows.addAll(r.podRows());
      curves.addAll(r.curves());
      runs.addAll(r.runs());
      percentiles.addAll(r.percentiles());
      r.sweeps().forEach((scenario, list) -> {
        List<Sweep> merged = sweeps.computeIfAbsent(scenario, k -> new ArrayList<>());
        for (Sweep s : list) {
          if (merged.stream().noneMatch(m -> m.param().equals(s.param()))) {
            merged.add(s);
          }
        }
      });
    }
    String names = String.join(",", runs.stream().map(RunInfo::run).toList());
    String ns = runs.stream().map(RunInfo::namespace).distinct().count() == 1 ? runs.get(0).namespace() : null;
    boolean partial = runs.stream().anyMatch(i -> Boolean.TRUE.equals(i.partial()));
    return new Report(names, ns, null, runs.size() + " runs", reports.get(0).generatedAt(), null,
        partial ? Boolean.TRUE : null, null, rows, podRows, curves, sweeps, null, runs, List.copyOf(percentiles),
        timeSeries, seriesNotes);
  }

  private static List<String> scenarios(Report r) {
    LinkedHashSet<String> s = new LinkedHashSet<>();
    r.rows().forEach(row -> s.add(row.scenario()));
    return List.copyOf(s);
  }
}
