package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.report.json.JsonReport;
import dev.regatta.report.model.FleetSeries;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.ReportRow;
import dev.regatta.report.model.RunData;
import dev.regatta.result.Histograms;
import dev.regatta.result.IntervalSeries;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import dev.regatta.result.SeriesInterval;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's time series: the pods' intervals aligned and added up exactly, per region, the stall where it was. */
class OverTimeTest {
  private static Report report(List<ResultDocument> docs) {
    return ReportBuilder.build(new RunData("stall", "bench", null, docs, "test"));
  }

  private static FleetSeries series(Report r, String region) {
    return r.timeSeries().stream().filter(s -> s.region().equals(region)).findFirst()
        .orElseThrow(() -> new AssertionError("no series for " + region + " in " + r.timeSeries()));
  }

  /** Every interval's fleet and region figures equal those of the pods' raw latencies, pooled by the test. */
  @Test
  void eachIntervalIsTheExactSumOfThePodsIntervals() {
    Report r = report(SeriesFixtures.docs());
    for (String region : List.of(ReportRow.ALL, "eu", "us")) {
      FleetSeries s = series(r, region);
      assertEquals(5_000, s.intervalMillis());
      assertEquals(SeriesFixtures.INTERVALS, s.points().size());
      List<String> pods = SeriesFixtures.PODS.stream()
          .filter(p -> region.equals(ReportRow.ALL) || SeriesFixtures.region(p).equals(region)).toList();
      assertEquals(pods.size(), s.pods());
      for (int k = 0; k < SeriesFixtures.INTERVALS; k++) {
        Histogram pooled = Histograms.newHistogram();
        for (String pod : pods) {
          SeriesFixtures.values(pod, k).forEach(pooled::recordValue);
        }
        FleetSeries.Point p = s.points().get(k);
        assertEquals(pooled.getTotalCount(), p.count(), region + " interval " + k);
        assertEquals(pooled.getValueAtPercentile(99), p.p99Micros(), region + " p99 of interval " + k);
        assertEquals(pooled.getValueAtPercentile(50), p.p50Micros(), region + " p50 of interval " + k);
        assertEquals(k * 5_000L, p.offsetMillis());
        assertEquals(pooled.getTotalCount() * 64, p.bytes());
      }
    }
    // the stall: in interval 9 of the fleet and of eu, not in its neighbours, and not in us at all
    FleetSeries fleet = series(r, ReportRow.ALL);
    assertTrue(fleet.points().get(9).p99Micros() >= 1_000_000);
    assertTrue(fleet.points().get(8).p99Micros() < 10_000 && fleet.points().get(10).p99Micros() < 10_000);
    assertTrue(series(r, "us").points().stream().allMatch(p -> p.p99Micros() < 10_000));
    assertTrue(fleet.points().get(9).throughputPerSecond() < fleet.points().get(8).throughputPerSecond() / 2,
        "fewer operations completed while it stalled");
    assertTrue(JsonReport.write(r).contains("\"timeSeries\""), "the JSON report carries the series");
  }

  /** A pod whose document was coarsened (10 s) lines up with the others at 10 s, and nothing is lost. */
  @Test
  void aCoarsenedPodIsAlignedAtTheCoarserInterval() {
    List<ResultDocument> docs = new ArrayList<>(SeriesFixtures.docs());
    ResultDocument us = docs.get(2);
    docs.set(2, SeriesFixtures.withSeries(us, us.scenarios().get(0).series().coarsened(2)));
    Report r = report(docs);
    FleetSeries fleet = series(r, ReportRow.ALL);
    assertEquals(10_000, fleet.intervalMillis());
    assertEquals(12, fleet.points().size());
    long all = docs.stream().mapToLong(d -> d.scenarios().get(0).count()).sum();
    assertEquals(all, fleet.points().stream().mapToLong(FleetSeries.Point::count).sum());
    assertTrue(fleet.points().get(4).p99Micros() >= 1_000_000, "the stall (45-50 s) is in 40-50 s");
    assertTrue(fleet.points().get(3).p99Micros() < 10_000 && fleet.points().get(5).p99Micros() < 10_000);
    assertTrue(r.seriesNotes().isEmpty(), r.seriesNotes().toString());
  }

  /** A pod with a garbage histogram or overlapping intervals: its series is left out and named; its rows stay. */
  @Test
  void aHostilePodsSeriesIsLeftOutWithANoteAndItsRowsStay() {
    List<ResultDocument> docs = new ArrayList<>(SeriesFixtures.docs());
    ResultDocument eu1 = docs.get(1);
    List<SeriesInterval> bad = new ArrayList<>(eu1.scenarios().get(0).series().intervals());
    SeriesInterval i = bad.get(3);
    bad.set(3, new SeriesInterval(i.offsetMillis(), i.durationMillis(), i.count(), 0, null, 0, i.bytes(), null, null,
        "AAAAgarbage=="));
    docs.set(1, SeriesFixtures.withSeries(eu1, new IntervalSeries(1, 5_000, bad)));
    ResultDocument us = docs.get(2);
    List<SeriesInterval> overlapping = new ArrayList<>(us.scenarios().get(0).series().intervals());
    SeriesInterval o = overlapping.get(5);
    overlapping.set(5, new SeriesInterval(o.offsetMillis() - 2_000, o.durationMillis(), o.count(), 0, null, 0,
        o.bytes(), null, null, o.histogram()));
    docs.set(2, SeriesFixtures.withSeries(us, new IntervalSeries(1, 5_000, overlapping)));

    Report r = report(docs);

    assertEquals(2, r.seriesNotes().size(), r.seriesNotes().toString());
    assertTrue(r.seriesNotes().get(0).startsWith("pod stall-eu-1: time series of get repeat 0: interval 3: "),
        r.seriesNotes().get(0));
    assertTrue(r.seriesNotes().get(1).contains("pod stall-us-0") && r.seriesNotes().get(1).contains("interval 5"),
        r.seriesNotes().get(1));
    FleetSeries fleet = series(r, ReportRow.ALL);
    assertEquals(1, fleet.pods(), "only eu-0's series is left");
    long all = docs.stream().mapToLong(d -> d.scenarios().get(0).count()).sum();
    assertEquals(all, r.rows().get(0).count(), "the rows still count every pod");
    assertNotNull(r.rows().get(0));
  }

  /** Intervals of a day on one pod and 5 s on the others, or counts adding up past a long: a note, not a crash. */
  @Test
  void seriesThatCannotBeMergedAreNamedNotACrash() {
    List<ResultDocument> docs = new ArrayList<>(SeriesFixtures.docs());
    ResultDocument eu1 = docs.get(1);
    IntervalSeries s = eu1.scenarios().get(0).series();
    docs.set(1, SeriesFixtures.withSeries(eu1, new IntervalSeries(1, 5_000L << 40, s.intervals())));
    Report r = report(docs);
    assertEquals(List.of("pod stall-eu-1: its series of get has 5497558138880000 ms intervals, the other pods' 5000 ms; "
        + "it is left out"), r.seriesNotes());
    assertEquals(2, series(r, ReportRow.ALL).pods(), "the others are not coarsened to it");
    assertEquals(5_000, series(r, ReportRow.ALL).intervalMillis());

    // two pods whose counts add up past a long: each passes its own check, their sum is no count
    List<ResultDocument> huge = new ArrayList<>();
    for (ResultDocument d : SeriesFixtures.docs().subList(0, 2)) {
      List<SeriesInterval> is = new ArrayList<>();
      for (SeriesInterval i : d.scenarios().get(0).series().intervals()) {
        // 2^62 bytes in the first interval of each pod, none after: each pod's total fits, the two pods' do not
        is.add(new SeriesInterval(i.offsetMillis(), i.durationMillis(), i.count(), 0, null, 0,
            is.isEmpty() ? 1L << 62 : 0, null, null, i.histogram()));
      }
      long total = is.stream().mapToLong(SeriesInterval::bytes).reduce(0, (a, b) -> a + b);
      ScenarioResult w = d.scenarios().get(0);
      huge.add(new ResultDocument(d.version(), d.run(), d.namespace(), d.pod(), d.placement(), d.region(), d.zone(),
          d.index(), d.node(), d.startAt(), d.measuredStartEpochMicros(), d.finishedAt(), List.of(new ScenarioResult(
              w.name(), w.params(), 0, w.count(), 0, w.errorsByType(), 0, w.durationSeconds(), w.throughputPerSecond(),
              w.bytesPerSecond(), total, w.latencyMicros(), w.histogram(), null, null, null, null, null, null, null, null,
              w.headline(), w.rateUnit(), null, null, new IntervalSeries(1, 5_000, is))), null));
    }
    Report overflowing = report(huge);
    assertTrue(overflowing.timeSeries().isEmpty(), overflowing.timeSeries().toString());
    assertTrue(overflowing.seriesNotes().stream().anyMatch(n -> n.contains("add up past a 64-bit count")),
        overflowing.seriesNotes().toString());
  }
}
