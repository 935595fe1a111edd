package dev.regatta.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.report.compare.Comparison;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, in one value that the JSON writer serialises as it is.
 *
 * @param merged the merged rows exactly as the operator's merge (and the run's status) has them
 * @param rows one flat row per scenario × params × region, the "all" row first in each point
 * @param podRows one flat row per pod × scenario × params
 * @param curves the percentile distribution of every point, pooled over pods and repeats
 * @param sweeps the swept parameters of each scenario, in matrix order, with whether the axis is powers of two
 * @param comparison against a baseline run, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run", "namespace", "phase", "source", "generatedAt", "skewMillis", "partial", "merged", "rows",
    "podRows", "curves", "sweeps", "comparison"})
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
    Comparison comparison) {

  /** One swept parameter of a scenario. */
  public record Sweep(String param, List<String> values, boolean numeric, boolean powersOfTwo) {}

  public Report withComparison(Comparison c) {
    return new Report(run, namespace, phase, source, generatedAt, skewMillis, partial, merged, rows, podRows, curves,
        sweeps, c);
  }

  public List<String> paramNames() {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    sweeps.values().forEach(list -> list.forEach(s -> names.add(s.param())));
    rows.forEach(r -> names.addAll(r.params().keySet()));
    return List.copyOf(names);
  }
}
