package dev.regatta.report.model;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.MatrixAxis;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.ResultDocument;
import dev.regatta.operator.results.FaultScreen;
import dev.regatta.result.ResultMerger;
import dev.regatta.result.ScenarioResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Builds a {@link Report} from a run. Every figure comes from the operator's merge ({@link ResultMerger}),
 * so a report and the run's status always agree: the fleet rows and curves from merging every pod, a
 * region's rows from merging that region's pods (which also gives the region its stddev over repeats, which
 * status' byRegion does not carry), a pod's rows from merging that pod alone. Only what the merge does not
 * carry is added here: the runners' CPU and memory.
 */
public final class ReportBuilder {
  private ReportBuilder() {}

  public static Report build(RunData data) {
    BenchmarkRunStatus status = data.run() == null ? null : data.run().getStatus();
    List<ResultDocument> all = data.pods().stream().filter(d -> d.scenarios() != null).toList();
    // fleet and region rows from the results status merged (a late one is left out), pod rows from all of them
    List<ResultDocument> docs = FaultScreen.mergeable(all, data.run());
    List<ResultRow> merged;
    List<ReportRow> rows = new ArrayList<>();
    List<ReportRow> podRows = new ArrayList<>();
    List<PercentileCurve> curves = new ArrayList<>();
    if (!all.isEmpty()) {
      List<ScenarioPlan> plan = plan(data.run());
      ResultMerger.Merged fleet = ResultMerger.merge(docs, plan);
      merged = fleet.rows();
      Map<PointKey, Resources> fleetUse = resources(docs);
      Map<String, Map<PointKey, ResultRow>> byRegion = new LinkedHashMap<>();
      Map<String, Map<PointKey, Resources>> useByRegion = new LinkedHashMap<>();
      for (String region : regions(docs)) {
        List<ResultDocument> inRegion = docs.stream().filter(d -> region.equals(regionOf(d))).toList();
        byRegion.put(region, index(ResultMerger.merge(inRegion, plan).rows()));
        useByRegion.put(region, resources(inRegion));
      }
      for (ResultRow m : merged) {
        PointKey key = key(m);
        rows.add(flat(m, ReportRow.ALL, null, fleetUse.get(key)));
        byRegion.forEach((region, regionRows) -> {
          ResultRow r = regionRows.get(key);
          if (r != null) {
            rows.add(flat(r, region, null, useByRegion.get(region).get(key)));
          }
        });
      }
      for (ResultDocument doc : sortedPods(all)) {
        Map<PointKey, Resources> use = resources(List.of(doc));
        for (ResultRow r : ResultMerger.merge(List.of(doc), plan).rows()) {
          podRows.add(flat(r, regionOf(doc), doc, use.get(key(r))));
        }
      }
      for (ResultRow m : merged) {
        Histogram h = fleet.histograms().get(new ResultMerger.Key(m.getScenario(), m.getParams()));
        if (h != null) {
          curves.add(PercentileCurve.of(key(m), h));
        }
      }
    } else {
      // Only the run object was saved: its status rows are all there is (no stddev per region, no curves).
      merged = status == null || status.getResults() == null ? List.of() : status.getResults();
      for (ResultRow m : merged) {
        rows.add(flat(m, ReportRow.ALL, null, null));
        for (ResultRow.RegionRow rr : m.getByRegion()) {
          rows.add(regionFromStatus(m, rr));
        }
      }
    }
    return new Report(
        data.name(),
        data.namespace(),
        status == null || status.getPhase() == null ? null : status.getPhase().toString(),
        data.source(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        status == null || status.getBarrier() == null ? null : status.getBarrier().getSkewMillis(),
        status == null ? null : status.getPartial(),
        merged,
        rows,
        podRows,
        curves,
        sweeps(data.run(), merged),
        null);
  }

  private static PointKey key(ResultRow r) {
    return new PointKey(r.getScenario(), r.getParams());
  }

  private static Map<PointKey, ResultRow> index(List<ResultRow> rows) {
    Map<PointKey, ResultRow> m = new HashMap<>();
    rows.forEach(r -> m.put(key(r), r));
    return m;
  }

  /** The regions of the pods, sorted, named as the merge names them (unpinned pods under NO_REGION). */
  private static Set<String> regions(List<ResultDocument> docs) {
    Set<String> regions = new TreeSet<>();
    docs.forEach(d -> regions.add(regionOf(d)));
    return regions;
  }

  private static String regionOf(ResultDocument d) {
    return d.region() == null || d.region().isEmpty() ? ResultMerger.NO_REGION : d.region();
  }

  /** The run's points in execution order, so rows follow the matrix; none when the spec is not at hand. */
  private static List<ScenarioPlan> plan(BenchmarkRun run) {
    if (run == null || run.getSpec() == null) {
      return List.of();
    }
    try {
      return ScenarioPlan.of(run.getSpec());
    } catch (RuntimeException e) {
      return List.of(); // an invalid spec still has results worth reporting, in document order
    }
  }

  private static List<ResultDocument> sortedPods(List<ResultDocument> docs) {
    return docs.stream()
        .sorted(Comparator.comparing((ResultDocument d) -> Objects.toString(d.placement(), ""))
            .thenComparing(d -> d.index() == null ? Integer.MAX_VALUE : d.index())
            .thenComparing(d -> Objects.toString(d.pod(), "")))
        .toList();
  }

  private static ReportRow flat(ResultRow r, String region, ResultDocument pod, Resources use) {
    return new ReportRow(r.getScenario(), r.getParams(), region,
        pod == null ? null : pod.pod(), pod == null ? null : pod.placement(), pod == null ? null : pod.zone(),
        pod == null ? null : pod.node(),
        r.getPods(), r.getRepeats(), r.getCount(), r.getErrors(), r.getDropped(),
        r.getThroughputMean() != null ? r.getThroughputMean() : r.getThroughputPerSecond(),
        r.getThroughputStddev(), r.getBytesPerSecond(), r.getLatencyMicros(),
        use == null ? null : use.cpuSecondsPerWindow(), use == null ? null : use.peakRss);
  }

  private static ReportRow regionFromStatus(ResultRow parent, RowFigures r) {
    String region = ((ResultRow.RegionRow) r).getRegion();
    return new ReportRow(parent.getScenario(), parent.getParams(), region, null, null, null, null, r.getPods(),
        parent.getRepeats(), r.getCount(), r.getErrors(), r.getDropped(), r.getThroughputPerSecond(), null,
        r.getBytesPerSecond(), r.getLatencyMicros(), null, null);
  }

  /** CPU and memory of the runners, which the merged rows do not carry. */
  static final class Resources {
    double cpuSeconds;
    boolean anyCpu;
    Long peakRss;
    final Set<Integer> repeats = new LinkedHashSet<>();

    Double cpuSecondsPerWindow() {
      return anyCpu ? cpuSeconds / Math.max(1, repeats.size()) : null;
    }
  }

  private static Map<PointKey, Resources> resources(List<ResultDocument> docs) {
    Map<PointKey, Resources> m = new HashMap<>();
    for (ResultDocument d : docs) {
      for (ScenarioResult s : d.scenarios()) {
        Resources r = m.computeIfAbsent(new PointKey(s.name(), s.params()), k -> new Resources());
        r.repeats.add(s.repeat());
        if (s.resources() != null) {
          if (s.resources().cpuSeconds() != null) {
            r.cpuSeconds += s.resources().cpuSeconds();
            r.anyCpu = true;
          }
          if (s.resources().peakRssBytes() != null) {
            r.peakRss = r.peakRss == null ? s.resources().peakRssBytes()
                : Math.max(r.peakRss, s.resources().peakRssBytes());
          }
        }
      }
    }
    return m;
  }

  /** Parameters that take two or more values in a scenario: what the throughput plots sweep over. */
  static Map<String, List<Report.Sweep>> sweeps(BenchmarkRun run, List<ResultRow> merged) {
    Map<String, Map<String, LinkedHashSet<String>>> seen = new LinkedHashMap<>();
    for (ResultRow r : merged) {
      Map<String, LinkedHashSet<String>> byParam = seen.computeIfAbsent(r.getScenario(), k -> new LinkedHashMap<>());
      r.getParams().forEach((k, v) -> byParam.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
    }
    Map<String, List<Report.Sweep>> sweeps = new LinkedHashMap<>();
    seen.forEach((scenario, byParam) -> {
      List<Report.Sweep> list = new ArrayList<>();
      byParam.forEach((param, values) -> {
        if (values.size() < 2) {
          return;
        }
        boolean numeric = values.stream().allMatch(v -> ParamValues.numeric(v) != null);
        List<String> ordered = numeric
            ? values.stream().sorted(Comparator.comparingDouble(ParamValues::numeric)).collect(Collectors.toList())
            : List.copyOf(values);
        boolean pow2 = declaredPowersOfTwo(run, scenario, param)
            || (numeric && values.size() >= 3 && values.stream().allMatch(ParamValues::isPowerOfTwo));
        list.add(new Report.Sweep(param, ordered, numeric, pow2));
      });
      sweeps.put(scenario, list);
    });
    return sweeps;
  }

  private static boolean declaredPowersOfTwo(BenchmarkRun run, String scenario, String param) {
    if (run == null || run.getSpec() == null || run.getSpec().getScenarios() == null) {
      return false;
    }
    for (Scenario s : run.getSpec().getScenarios()) {
      if (scenario.equals(s.getName()) && s.getMatrix() != null) {
        MatrixAxis axis = s.getMatrix().get(param);
        return axis != null && axis.getPowersOfTwo() != null;
      }
    }
    return false;
  }
}
