package dev.regatta.result;

import dev.regatta.api.v1alpha1.Headline;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import dev.regatta.matrix.ScenarioPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import dev.regatta.units.Humanize;
import org.HdrHistogram.Histogram;

/**
 * Merges per-pod result documents into one row per (scenario, params), exactly: histograms are added and
 * percentiles read from the sum (never averaged), counts are summed, throughput per repeat is the sum over
 * pods of count / window, and the row's throughput is the mean over repeats (with the sample standard
 * deviation). The same figures are computed per region over that region's pods only.
 *
 * <p>The operator writes the rows into status; the report command reuses this class, so both always agree.
 */
public final class ResultMerger {
  /** Region name used for pods whose placement is not pinned to a region. */
  public static final String NO_REGION = "unpinned";

  private ResultMerger() {}

  /** (scenario, params): the identity of a row. */
  public record Key(String scenario, Map<String, String> params) {
    public Key {
      params = params == null ? Map.of() : Map.copyOf(params);
    }
  }

  /**
   * The merged rows plus the pooled histogram of each row, for tools that plot distributions, and of each row's
   * regions (region name to histogram), for figures a row does not carry (a threshold on p95).
   */
  public record Merged(List<ResultRow> rows, Map<Key, Histogram> histograms, int pods,
      Map<Key, Map<String, Histogram>> regionHistograms) {
    public Merged(List<ResultRow> rows, Map<Key, Histogram> histograms, int pods) {
      this(rows, histograms, pods, Map.of());
    }
  }

  /** Merges in the order rows first appear in the documents. */
  public static Merged merge(Collection<ResultDocument> docs) {
    return merge(docs, List.of());
  }

  /**
   * Merges; rows follow {@code plan} order (ScenarioPlan.of(spec)), and rows the plan does not name (an
   * older document, say) follow in the order they first appear. Points nobody reported are left out.
   */
  public static Merged merge(Collection<ResultDocument> docs, List<ScenarioPlan> plan) {
    Map<Key, Accumulator> byKey = new LinkedHashMap<>();
    Map<Key, ScenarioPlan> plans = new HashMap<>();
    for (ScenarioPlan p : plan) {
      byKey.putIfAbsent(new Key(p.scenario(), p.params()), null);
      plans.putIfAbsent(new Key(p.scenario(), p.params()), p);
    }
    Set<String> allPods = new LinkedHashSet<>();
    int anonymous = 0;
    try (EncodedHistogramReader reader = new EncodedHistogramReader()) {
      for (ResultDocument doc : docs) {
        if (doc == null || doc.scenarios() == null) {
          continue;
        }
        String pod = doc.pod() != null ? doc.pod() : "#" + anonymous++;
        String region = doc.region() == null || doc.region().isEmpty() ? NO_REGION : doc.region();
        allPods.add(pod);
        for (ScenarioResult r : doc.scenarios()) {
          Key key = new Key(r.name(), r.params());
          Accumulator acc = byKey.get(key);
          if (acc == null) {
            acc = new Accumulator();
            byKey.put(key, acc);
          }
          acc.add(pod, region, r, reader);
          if (doc.stopped() != null && doc.stopped().cut(r)) {
            acc.stoppedEarly.add(pod);
          }
        }
      }
    }
    List<ResultRow> rows = new ArrayList<>();
    Map<Key, Histogram> histograms = new LinkedHashMap<>();
    Map<Key, Map<String, Histogram>> regionHistograms = new LinkedHashMap<>();
    for (Map.Entry<Key, Accumulator> e : byKey.entrySet()) {
      Accumulator acc = e.getValue();
      if (acc == null) {
        continue;
      }
      acc.sumRegions();
      ScenarioPlan p = plans.get(e.getKey());
      List<Double> percentiles = p != null ? p.percentiles() : acc.percentilesSeen();
      ResultRow row = new ResultRow();
      row.setScenario(e.getKey().scenario());
      row.setParams(orderedParams(e.getKey(), plan, docs));
      Map<String, String> labels = p != null ? p.labels() : acc.labels;
      row.setLabels(labels == null || labels.isEmpty() ? null : new LinkedHashMap<>(labels));
      row.setHeadline(p != null ? p.headline().text() : acc.headline != null ? acc.headline : Headline.THROUGHPUT.text());
      row.setRateUnit(p != null ? p.kind().rateUnit() : acc.rateUnit != null ? acc.rateUnit : "ops/s");
      acc.fleet.fill(row, percentiles);
      row.setRepeats(acc.fleet.repeats());
      row.setThroughputMean(row.getThroughputPerSecond());
      row.setThroughputStddev(acc.fleet.stddev(0, 1));
      row.setMegabytesPerSecondStddev(acc.fleet.stddev(1, Humanize.MEGABYTE));
      row.setMakespanSeconds(acc.fleet.makespan());
      row.setChecks(acc.fleet.checks());
      row.setStoppedEarly(acc.stoppedEarly.isEmpty() ? null : acc.stoppedEarly.size());
      List<ResultRow.RegionRow> regions = new ArrayList<>();
      for (Map.Entry<String, Figures> r : acc.regions.entrySet()) {
        ResultRow.RegionRow rr = new ResultRow.RegionRow();
        rr.setRegion(r.getKey());
        r.getValue().fill(rr, percentiles);
        regions.add(rr);
      }
      row.setByRegion(regions);
      rows.add(row);
      // A histogram that misses the percentile-only pods is not the row's distribution: none is given.
      if (acc.fleet.percentileOnly.isEmpty()) {
        histograms.put(e.getKey(), acc.fleet.histogram);
      }
      Map<String, Histogram> byRegion = new LinkedHashMap<>();
      acc.regions.forEach((region, figures) -> {
        if (figures.percentileOnly.isEmpty()) {
          byRegion.put(region, figures.histogram);
        }
      });
      regionHistograms.put(e.getKey(), byRegion);
    }
    return new Merged(rows, histograms, allPods.size(), regionHistograms);
  }

  /** Params keep the matrix's key order (Key holds an unordered copy). */
  private static Map<String, String> orderedParams(Key key, List<ScenarioPlan> plan, Collection<ResultDocument> docs) {
    for (ScenarioPlan p : plan) {
      if (p.scenario().equals(key.scenario()) && key.params().equals(p.params())) {
        return new LinkedHashMap<>(p.params());
      }
    }
    for (ResultDocument d : docs) {
      if (d != null && d.scenarios() != null) {
        for (ScenarioResult r : d.scenarios()) {
          if (r.name().equals(key.scenario()) && key.params().equals(r.params() == null ? Map.of() : r.params())) {
            return r.params() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.params());
          }
        }
      }
    }
    return new LinkedHashMap<>(key.params());
  }

  private static final class Accumulator {
    final Figures fleet = new Figures();
    final Map<String, Figures> regions = new TreeMap<>();
    /** What the documents say where no plan is at hand (a report from saved result files). */
    Map<String, String> labels;
    String headline;
    String rateUnit;
    final Set<String> extraPercentiles = new LinkedHashSet<>();
    /** Pods whose window of this row a stop cut short (ResultDocument.Stopped). */
    final Set<String> stoppedEarly = new LinkedHashSet<>();

    List<Double> percentilesSeen() {
      if (extraPercentiles.isEmpty()) {
        return ScenarioPlan.DEFAULT_PERCENTILES;
      }
      List<Double> all = new ArrayList<>(ScenarioPlan.DEFAULT_PERCENTILES);
      extraPercentiles.forEach(k -> {
        try {
          all.add(Double.parseDouble(k));
        } catch (NumberFormatException e) {
          // not a percentile key: ignored
        }
      });
      return all;
    }

    /**
     * Reads the encoded histogram once and records its non-empty buckets into the region's sum only: regions
     * partition the fleet, so the fleet's sum is the sum of the region sums ({@link #sumRegions}), added
     * once per row instead of recording every bucket twice.
     */
    void add(String pod, String region, ScenarioResult r, EncodedHistogramReader reader) {
      if (labels == null && r.labels() != null && !r.labels().isEmpty()) {
        labels = r.labels();
      }
      headline = headline != null ? headline : r.headline();
      rateUnit = rateUnit != null ? rateUnit : r.rateUnit();
      if (r.latencyMicros() != null && r.latencyMicros().getPercentiles() != null) {
        extraPercentiles.addAll(r.latencyMicros().getPercentiles().keySet());
      }
      Figures inRegion = regions.computeIfAbsent(region, k -> new Figures());
      if (r.histogramMerges()) {
        reader.read(r.histogram());
        reader.addTo(inRegion.histogram);
      } else {
        // Percentiles of parts do not make percentiles of the whole: the pod is named, its latency left out.
        fleet.percentileOnly.add(pod);
        inRegion.percentileOnly.add(pod);
      }
      fleet.add(pod, r);
      inRegion.add(pod, r);
    }

    /** Fills the fleet's histogram from the region sums; call once, before reading the fleet figures. */
    void sumRegions() {
      for (Figures f : regions.values()) {
        fleet.histogram.add(f.histogram);
      }
    }
  }

  /** Sums for one row or region row. */
  private static final class Figures {
    final Histogram histogram = Histograms.newHistogram();
    final Set<String> pods = new LinkedHashSet<>();
    /** Pods with a window that has only its tool's percentiles: no merged latency can include them. */
    final Set<String> percentileOnly = new LinkedHashSet<>();
    /** Windows added, and the tool's percentiles when the only one is percentile-only (a pod's own row). */
    int windows;
    LatencySummary soleToolPercentiles;
    long count;
    long errors;
    long dropped;
    Long bytesSent;
    Long bytesReceived;
    /** check name -> passes and fails, in the order the checks first appear. */
    final Map<String, CheckCount> checks = new LinkedHashMap<>();
    /**
     * repeat -> sum over pods of count / window, bytes / window and (count - errors) / window, and the longest
     * makespan of any pod (-1: none).
     */
    final Map<Integer, double[]> perRepeat = new TreeMap<>();

    void add(String pod, ScenarioResult r) {
      pods.add(pod);
      windows++;
      soleToolPercentiles = windows == 1 && !r.histogramMerges() ? r.latencyMicros() : null;
      count += r.count();
      errors += r.errors();
      dropped += r.dropped();
      if (r.bytesSent() != null) {
        bytesSent = (bytesSent == null ? 0 : bytesSent) + r.bytesSent();
      }
      if (r.bytesReceived() != null) {
        bytesReceived = (bytesReceived == null ? 0 : bytesReceived) + r.bytesReceived();
      }
      if (r.checks() != null) {
        r.checks().forEach((name, c) -> checks.merge(name, c, CheckCount::plus));
      }
      double[] rates = perRepeat.computeIfAbsent(r.repeat(), k -> new double[] {0, 0, 0, -1});
      if (r.durationSeconds() > 0) {
        rates[0] += r.count() / r.durationSeconds();
        rates[1] += r.bytes() / r.durationSeconds();
        rates[2] += Math.max(0, r.count() - r.errors()) / r.durationSeconds();
      }
      if (r.makespanSeconds() != null) {
        rates[3] = Math.max(rates[3], r.makespanSeconds());
      }
    }

    /** Mean over repeats of the longest makespan; null when no window had one. */
    Double makespan() {
      double[] spans = perRepeat.values().stream().mapToDouble(v -> v[3]).filter(v -> v >= 0).toArray();
      return spans.length == 0 ? null : Math.round(java.util.Arrays.stream(spans).average().orElse(0) * 1000.0) / 1000.0;
    }

    List<ResultRow.CheckRate> checks() {
      if (checks.isEmpty()) {
        return null;
      }
      List<ResultRow.CheckRate> out = new ArrayList<>();
      checks.forEach((name, c) -> out.add(new ResultRow.CheckRate(name, c.passes(), c.fails())));
      return out;
    }

    int repeats() {
      return perRepeat.size();
    }

    double meanThroughput() {
      return perRepeat.values().stream().mapToDouble(v -> v[0]).average().orElse(0);
    }

    double meanSuccess() {
      return perRepeat.values().stream().mapToDouble(v -> v[2]).average().orElse(0);
    }

    double meanBytes() {
      return perRepeat.values().stream().mapToDouble(v -> v[1]).average().orElse(0);
    }

    /**
     * Sample standard deviation over repeats of the per-repeat figure {@code index} (0: ops/s, 1: bytes/s), divided
     * by {@code unit}; null with fewer than two repeats (it is undefined).
     */
    Double stddev(int index, double unit) {
      int n = perRepeat.size();
      if (n < 2) {
        return null;
      }
      double mean = perRepeat.values().stream().mapToDouble(v -> v[index]).average().orElse(0);
      double ss = perRepeat.values().stream().mapToDouble(v -> (v[index] - mean) * (v[index] - mean)).sum();
      double sd = Math.sqrt(ss / (n - 1)) / unit;
      return unit == 1 ? round(sd) : Math.round(sd * 1000.0) / 1000.0;
    }

    void fill(RowFigures f, List<Double> percentiles) {
      f.setPods(pods.size());
      f.setCount(count);
      f.setErrors(errors);
      f.setDropped(dropped);
      f.setThroughputPerSecond(round(meanThroughput()));
      f.setSuccessPerSecond(round(meanSuccess()));
      f.setBytesPerSecond(round(meanBytes()));
      f.setMegabytesPerSecond(Humanize.toMegabytes(meanBytes()));
      f.setBytesSent(bytesSent);
      f.setBytesReceived(bytesReceived);
      if (percentileOnly.isEmpty()) {
        f.setLatencyMicros(LatencySummary.of(histogram, percentiles));
      } else {
        // One window of one pod is that pod's own figure, shown as its tool printed it; more windows never merge.
        f.setLatencyMicros(soleToolPercentiles);
        f.setPercentileOnlyPods(new ArrayList<>(percentileOnly));
      }
    }
  }

  /** Two decimals: status is for humans and diffs, and doubles with 17 digits only add noise. */
  private static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
