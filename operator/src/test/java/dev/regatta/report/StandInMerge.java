package dev.regatta.report;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.report.model.PointKey;
import dev.regatta.report.model.RowMerge;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * TEST ONLY: the merge rules of docs/PROTOCOL.md ("Merging"), written plainly, for the report tests while the
 * operator's ResultMerger is not on this branch. The report code never uses it; swap it for ResultMerger in
 * ReportFixtures.MERGE once that lands.
 */
final class StandInMerge implements RowMerge {
  @Override
  public List<ResultRow> merge(List<ResultDocument> pods) {
    Map<PointKey, List<ResultDocument>> podsByKey = new LinkedHashMap<>();
    Map<PointKey, Map<String, String>> params = new LinkedHashMap<>();
    for (ResultDocument d : pods) {
      for (ScenarioResult s : d.scenarios()) {
        PointKey k = new PointKey(s.name(), s.params());
        params.putIfAbsent(k, s.params());
        List<ResultDocument> l = podsByKey.computeIfAbsent(k, x -> new ArrayList<>());
        if (!l.contains(d)) {
          l.add(d);
        }
      }
    }
    List<ResultRow> rows = new ArrayList<>();
    podsByKey.forEach((k, docs) -> {
      ResultRow row = new ResultRow();
      row.setScenario(k.scenario());
      row.setParams(new LinkedHashMap<>(params.get(k)));
      Figures all = figures(k, docs);
      all.applyTo(row);
      row.setRepeats(all.repeats.size());
      row.setThroughputMean(all.mean());
      row.setThroughputStddev(all.stddev());
      Set<String> regions = new LinkedHashSet<>();
      docs.forEach(d -> { if (d.region() != null) regions.add(d.region()); });
      for (String r : regions) {
        ResultRow.RegionRow rr = new ResultRow.RegionRow();
        rr.setRegion(r);
        figures(k, docs.stream().filter(d -> r.equals(d.region())).toList()).applyTo(rr);
        row.getByRegion().add(rr);
      }
      rows.add(row);
    });
    return rows;
  }

  private static Figures figures(PointKey k, List<ResultDocument> docs) {
    Figures f = new Figures();
    for (ResultDocument d : docs) {
      f.pods++;
      for (ScenarioResult s : d.scenarios()) {
        if (!new PointKey(s.name(), s.params()).equals(k)) {
          continue;
        }
        f.repeats.merge(s.repeat(), s.count() / s.durationSeconds(), Double::sum);
        f.bytesPerRepeat.merge(s.repeat(), s.bytes() / s.durationSeconds(), Double::sum);
        f.count += s.count();
        f.errors += s.errors();
        f.dropped += s.dropped();
        f.h.add(Histograms.decode(s.histogram()));
      }
    }
    return f;
  }

  private static final class Figures {
    int pods;
    long count;
    long errors;
    long dropped;
    final Map<Integer, Double> repeats = new TreeMap<>();
    final Map<Integer, Double> bytesPerRepeat = new TreeMap<>();
    final Histogram h = Histograms.newHistogram();

    double mean() {
      return repeats.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    Double stddev() {
      if (repeats.size() < 2) {
        return null;
      }
      double m = mean();
      double ss = repeats.values().stream().mapToDouble(v -> (v - m) * (v - m)).sum();
      return Math.sqrt(ss / (repeats.size() - 1));
    }

    void applyTo(dev.regatta.api.v1alpha1.RowFigures r) {
      r.setPods(pods);
      r.setCount(count);
      r.setErrors(errors);
      r.setDropped(dropped);
      r.setThroughputPerSecond(mean());
      r.setBytesPerSecond(bytesPerRepeat.values().stream().mapToDouble(Double::doubleValue).average().orElse(0));
      r.setLatencyMicros(LatencySummary.of(h));
    }
  }
}
