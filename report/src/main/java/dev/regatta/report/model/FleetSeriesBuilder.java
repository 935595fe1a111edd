package dev.regatta.report.model;

import dev.regatta.result.EncodedHistogramReader;
import dev.regatta.result.Histograms;
import dev.regatta.result.IntervalSeries;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultMerger;
import dev.regatta.result.ScenarioResult;
import dev.regatta.result.SeriesCheck;
import dev.regatta.result.SeriesInterval;
import dev.regatta.units.Humanize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * Aligns the pods' time series of each window and adds them up exactly, per interval, for the fleet and for each
 * region. A pod's series that does not pass {@link SeriesCheck}, or whose interval is not a whole fraction of the
 * others', is left out, with a note naming the pod; its rows are not touched.
 */
public final class FleetSeriesBuilder {
  /** Pods' intervals merged into one at most: more says the intervals do not belong to one run (1 s into 1 day). */
  private static final long MAX_FACTOR = 86_400;

  private FleetSeriesBuilder() {}

  /** The fleet and region series of every window, and a note per series left out. */
  public record Built(List<FleetSeries> series, List<String> notes) {}

  private record Window(String scenario, Map<String, String> params, int repeat) {}

  private record PodSeries(String pod, String region, IntervalSeries series) {}

  public static Built build(String run, List<ResultDocument> docs) {
    List<String> notes = new ArrayList<>();
    Map<Window, List<PodSeries>> byWindow = new LinkedHashMap<>();
    for (ResultDocument d : docs) {
      if (d.scenarios() == null) {
        continue;
      }
      for (ScenarioResult r : d.scenarios()) {
        if (r.series() == null) {
          continue;
        }
        try {
          SeriesCheck.check(r);
        } catch (IllegalArgumentException e) {
          notes.add("pod " + podName(d) + ": " + e.getMessage() + "; its series is left out");
          continue;
        }
        byWindow.computeIfAbsent(new Window(r.name(), new PointKey(r.name(), r.params()).params(), r.repeat()),
            k -> new ArrayList<>()).add(new PodSeries(podName(d), regionOf(d), r.series()));
      }
    }
    List<FleetSeries> out = new ArrayList<>();
    byWindow.forEach((w, pods) -> {
      // the coarsest interval among those a whole run can have (a pod coarsened to fit its ConfigMap); one
      // implausibly coarser than the finest is left out below rather than coarsening every other pod to it
      long finest = pods.stream().mapToLong(p -> p.series().intervalMillis()).min().orElse(1);
      long common = pods.stream().mapToLong(p -> p.series().intervalMillis())
          .filter(m -> m / finest <= MAX_FACTOR).max().orElse(finest);
      List<PodSeries> aligned = new ArrayList<>();
      for (PodSeries p : pods) {
        if (p.series().intervalMillis() > common) {
          notes.add("pod " + p.pod() + ": its series of " + w.scenario() + " has " + p.series().intervalMillis()
              + " ms intervals, the other pods' " + finest + " ms; it is left out");
          continue;
        }
        if (common % p.series().intervalMillis() != 0) {
          notes.add("pod " + p.pod() + ": its series of " + w.scenario() + " has " + p.series().intervalMillis()
              + " ms intervals, which do not divide the others' " + common + " ms; it is left out");
          continue;
        }
        long factor = common / p.series().intervalMillis(); // at most MAX_FACTOR
        aligned.add(new PodSeries(p.pod(), p.region(), p.series().coarsened((int) factor)));
      }
      if (aligned.isEmpty()) {
        return;
      }
      List<FleetSeries> window = new ArrayList<>();
      try {
        window.add(sum(run, w, ReportRow.ALL, common, aligned));
        TreeSet<String> regions = new TreeSet<>();
        aligned.forEach(p -> regions.add(p.region()));
        if (regions.size() > 1) {
          for (String region : regions) {
            window.add(sum(run, w, region, common, aligned.stream().filter(p -> p.region().equals(region)).toList()));
          }
        }
        out.addAll(window);
      } catch (ArithmeticException e) {
        // each pod's figures passed; their sum does not fit a 64-bit count (hostile documents): no chart, said so
        notes.add(w.scenario() + " repeat " + w.repeat() + ": the pods' series add up past a 64-bit count; the "
            + "window has no series");
      }
    });
    return new Built(out, notes);
  }

  /** Interval k of the window over {@code pods}: their intervals k added up. */
  private static FleetSeries sum(String run, Window w, String region, long intervalMillis, List<PodSeries> pods) {
    int length = pods.stream().mapToInt(p -> p.series().intervals().size()).max().orElse(0);
    List<FleetSeries.Point> points = new ArrayList<>(length);
    Histogram h = Histograms.newHistogram();
    EncodedHistogramReader reader = new EncodedHistogramReader();
    for (int k = 0; k < length; k++) {
      h.reset();
      long count = 0;
      long errors = 0;
      long dropped = 0;
      long bytes = 0;
      long duration = 0;
      long offset = Long.MAX_VALUE;
      for (PodSeries p : pods) {
        if (k >= p.series().intervals().size()) {
          continue; // a pod stopped early: its window ended before this interval
        }
        SeriesInterval i = p.series().intervals().get(k);
        reader.read(i.histogram()); // checked: it decodes
        reader.addTo(h);
        count = Math.addExact(count, i.count());
        errors = Math.addExact(errors, i.errors());
        dropped = Math.addExact(dropped, i.dropped());
        bytes = Math.addExact(bytes, i.bytes());
        duration = Math.max(duration, i.durationMillis());
        offset = Math.min(offset, i.offsetMillis());
      }
      offset = offset == Long.MAX_VALUE ? (long) k * intervalMillis : offset;
      double secs = duration / 1000.0;
      boolean any = h.getTotalCount() > 0;
      points.add(new FleetSeries.Point(offset, duration, count, errors, dropped, bytes,
          secs > 0 ? round(count / secs) : 0, secs > 0 ? round(bytes / secs / Humanize.MEGABYTE) : 0,
          any ? h.getValueAtPercentile(50) : null, any ? h.getValueAtPercentile(99) : null,
          any ? h.getMaxValue() : null));
    }
    reader.close();
    return new FleetSeries(run, w.scenario(), w.params(), w.repeat(), region, intervalMillis, pods.size(), points);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String podName(ResultDocument d) {
    return d.pod() != null ? d.pod() : d.placement() + "-" + d.index();
  }

  private static String regionOf(ResultDocument d) {
    return d.region() == null || d.region().isEmpty() ? ResultMerger.NO_REGION : d.region();
  }
}
