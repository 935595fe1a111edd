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
    List<ScenarioPlan> plan = plan(data.run());
    String run = data.name();
    List<ReportRow> rows = new ArrayList<>();
    List<ReportRow> podRows = new ArrayList<>();
    List<PercentileCurve> curves = new ArrayList<>();
    // over time: the same pods as the fleet rows (a late starter's intervals do not line up with the others')
    FleetSeriesBuilder.Built overTime = FleetSeriesBuilder.build(run, docs);
    if (!all.isEmpty()) {
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
        rows.add(flat(run, m, ReportRow.ALL, null, fleetUse.get(key)));
        byRegion.forEach((region, regionRows) -> {
          ResultRow r = regionRows.get(key);
          if (r != null) {
            rows.add(flat(run, r, region, null, useByRegion.get(region).get(key)));
          }
        });
      }
      for (ResultDocument doc : sortedPods(all)) {
        Map<PointKey, Resources> use = resources(List.of(doc));
        for (ResultRow r : ResultMerger.merge(List.of(doc), plan).rows()) {
          podRows.add(flat(run, r, regionOf(doc), doc, use.get(key(r))));
        }
      }
      for (ResultRow m : merged) {
        Histogram h = fleet.histograms().get(new ResultMerger.Key(m.getScenario(), m.getParams()));
        if (h != null) {
          curves.add(PercentileCurve.of(run, key(m), h));
        }
      }
    } else {
      // Only the run object was saved: its status rows are all there is (no stddev per region, no curves).
      merged = status == null || status.getResults() == null ? List.of() : status.getResults();
      for (ResultRow m : merged) {
        rows.add(flat(run, m, ReportRow.ALL, null, null));
        for (ResultRow.RegionRow rr : m.getByRegion()) {
          rows.add(regionFromStatus(run, m, rr));
        }
      }
    }
    String phase = status == null || status.getPhase() == null ? null : status.getPhase().toString();
    Double skew = status == null || status.getBarrier() == null ? null : status.getBarrier().getSkewMillis();
    Boolean partial = status == null ? null : status.getPartial();
    return new Report(
        data.name(),
        data.namespace(),
        phase,
        data.source(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        skew,
        partial,
        merged,
        rows,
        podRows,
        curves,
        sweeps(data.run(), merged),
        null,
        List.of(new Report.RunInfo(data.name(), data.namespace(), phase, data.source(), skew, partial)),
        percentiles(plan, merged),
        overTime.series(),
        overTime.notes());
  }

  /** The percentiles the runs ask their reports for (every scenario's set, together), or the default set. */
  private static List<Double> percentiles(List<ScenarioPlan> plan, List<ResultRow> merged) {
    java.util.TreeSet<Double> all = new java.util.TreeSet<>();
    plan.forEach(p -> all.addAll(p.percentiles()));
    if (all.isEmpty()) {
      all.addAll(ScenarioPlan.DEFAULT_PERCENTILES);
      for (ResultRow r : merged) {
        if (r.getLatencyMicros() != null && r.getLatencyMicros().getPercentiles() != null) {
          r.getLatencyMicros().getPercentiles().keySet().forEach(k -> all.add(Double.parseDouble(k)));
        }
      }
    }
    return List.copyOf(all);
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

  private static ReportRow flat(String run, ResultRow r, String region, ResultDocument pod, Resources use) {
    Integer pods = r.getPods();
    Double cores = use == null ? null : use.cores();
    return new ReportRow(run, r.getScenario(), r.getParams(), r.getLabels(), region,
        pod == null ? null : pod.pod(), pod == null ? null : pod.placement(), pod == null ? null : pod.zone(),
        pod == null ? null : pod.node(),
        pods, r.getRepeats(), r.getHeadline(), r.getRateUnit(), r.getCount(), r.getErrors(), r.getDropped(),
        r.getThroughputMean() != null ? r.getThroughputMean() : r.getThroughputPerSecond(),
        r.getThroughputStddev(), r.getMegabytesPerSecond(), r.getMegabytesPerSecondStddev(), r.getBytesPerSecond(),
        r.getLatencyMicros(), r.getBytesSent(), r.getBytesReceived(),
        use == null ? null : use.rx(), use == null ? null : use.tx(),
        use == null ? null : use.cpuSecondsPerWindow(), cores,
        cores == null || pods == null || pods == 0 ? null : round3(cores / pods),
        use == null ? null : use.peakRss, r.getMakespanSeconds(), r.getChecks());
  }

  private static ReportRow regionFromStatus(String run, ResultRow parent, RowFigures r) {
    String region = ((ResultRow.RegionRow) r).getRegion();
    return new ReportRow(run, parent.getScenario(), parent.getParams(), parent.getLabels(), region, null, null, null,
        null, r.getPods(), parent.getRepeats(), parent.getHeadline(), parent.getRateUnit(), r.getCount(),
        r.getErrors(), r.getDropped(), r.getThroughputPerSecond(), null, r.getMegabytesPerSecond(), null,
        r.getBytesPerSecond(), r.getLatencyMicros(), r.getBytesSent(), r.getBytesReceived(), null, null, null, null,
        null, null, null, null);
  }

  /**
   * What the merged rows do not carry: the runners' CPU (seconds, and cores kept busy), memory, and network MB/s
   * from the bytes their connections moved, per repeat summed over pods, then averaged over repeats.
   */
  static final class Resources {
    double cpuSeconds;
    boolean anyCpu;
    Long peakRss;
    final Set<Integer> repeats = new LinkedHashSet<>();
    /** repeat -> {cores busy, bytes received / s, bytes sent / s}, summed over pods; NaN where unknown. */
    final Map<Integer, double[]> perRepeat = new java.util.TreeMap<>();

    Double cpuSecondsPerWindow() {
      return anyCpu ? cpuSeconds / Math.max(1, repeats.size()) : null;
    }

    private Double mean(int i, double unit) {
      double[] v = perRepeat.values().stream().mapToDouble(a -> a[i]).filter(x -> !Double.isNaN(x)).toArray();
      return v.length == 0 ? null : round3(java.util.Arrays.stream(v).average().orElse(0) / unit);
    }

    Double cores() {
      return mean(0, 1);
    }

    Double rx() {
      return mean(1, dev.regatta.units.Humanize.MEGABYTE);
    }

    Double tx() {
      return mean(2, dev.regatta.units.Humanize.MEGABYTE);
    }
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static Map<PointKey, Resources> resources(List<ResultDocument> docs) {
    Map<PointKey, Resources> m = new HashMap<>();
    for (ResultDocument d : docs) {
      for (ScenarioResult s : d.scenarios()) {
        Resources r = m.computeIfAbsent(new PointKey(s.name(), s.params()), k -> new Resources());
        r.repeats.add(s.repeat());
        double[] rep = r.perRepeat.computeIfAbsent(s.repeat(), k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
        if (s.resources() != null) {
          if (s.resources().cpuSeconds() != null) {
            r.cpuSeconds += s.resources().cpuSeconds();
            r.anyCpu = true;
          }
          if (s.resources().cpuCores() != null) {
            rep[0] = (Double.isNaN(rep[0]) ? 0 : rep[0]) + s.resources().cpuCores();
          }
          if (s.resources().peakRssBytes() != null) {
            r.peakRss = r.peakRss == null ? s.resources().peakRssBytes()
                : Math.max(r.peakRss, s.resources().peakRssBytes());
          }
        }
        if (s.durationSeconds() > 0 && s.bytesReceived() != null) {
          rep[1] = (Double.isNaN(rep[1]) ? 0 : rep[1]) + s.bytesReceived() / s.durationSeconds();
          rep[2] = (Double.isNaN(rep[2]) ? 0 : rep[2]) + s.bytesSent() / s.durationSeconds();
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
