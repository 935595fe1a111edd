package dev.regatta.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A window's time series in the result document: exact coarsening to fit a ConfigMap, old documents, hostile ones. */
class TimeSeriesTest {
  private static final long FIVE_SECONDS = 5_000;

  /** Two hours at 5 s: 1,440 intervals per window, two windows (two scenarios) in one pod's document. */
  @Test
  void aTwoHourSeriesIsCoarsenedExactlyUntilTheDocumentFitsAConfigMap() {
    ScenarioResult get = SeriesFixtures.window("get", 1440, FIVE_SECONDS, 800, 700, 1);
    ScenarioResult set = SeriesFixtures.window("set", 1440, FIVE_SECONDS, 800, -1, 2);
    ResultDocument full = SeriesFixtures.pod("pod-0", "eu", List.of(get, set));
    int fullSize = ResultJson.write(full).getBytes(StandardCharsets.UTF_8).length;
    assertTrue(fullSize > Protocol.MAX_CONFIGMAP_RESULT_BYTES,
        "the fixture must not fit at full resolution, or nothing is tested: " + fullSize);

    ResultDocument fit = SeriesFit.toFit(full, Protocol.MAX_CONFIGMAP_RESULT_BYTES);

    String json = ResultJson.write(fit);
    assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= Protocol.MAX_CONFIGMAP_RESULT_BYTES);
    ResultDocument read = ResultJson.read(json);
    for (int w = 0; w < 2; w++) {
      ScenarioResult window = read.scenarios().get(w);
      IntervalSeries s = window.series();
      assertNotNull(s, "coarsened, not dropped");
      long factor = s.intervalMillis() / FIVE_SECONDS;
      assertTrue(factor >= 2 && s.intervalMillis() % FIVE_SECONDS == 0, "a whole multiple of 5 s: " + s.intervalMillis());
      assertEquals((1440 + factor - 1) / factor, s.intervals().size());
      SeriesCheck.check(window); // end to end, and adding up to the window
      Histogram merged = Histograms.newHistogram();
      long count = 0;
      long errors = 0;
      long timeouts = 0;
      for (SeriesInterval i : s.intervals()) {
        merged.add(Histograms.decode(i.histogram()));
        count += i.count();
        errors += i.errors();
        timeouts += i.errorsByType() == null ? 0 : i.errorsByType().getOrDefault("timeout", 0L);
      }
      assertEquals(Histograms.decode(window.histogram()), merged, "bucket for bucket the window's histogram");
      assertEquals(window.count(), count);
      assertEquals(window.errors(), errors);
      assertEquals(window.errors(), timeouts);
      SeriesInterval lastOne = s.intervals().get(s.intervals().size() - 1);
      assertEquals(1439 * FIVE_SECONDS + FIVE_SECONDS / 2, lastOne.offsetMillis() + lastOne.durationMillis(),
          "the coarse series ends where the window ends");
    }
    // the stall (interval 700 at 5 s) is in the coarse interval that holds 3500 s .. 3505 s, and only there
    IntervalSeries s = read.scenarios().get(0).series();
    for (SeriesInterval i : s.intervals()) {
      boolean holdsStall = i.offsetMillis() <= 700 * FIVE_SECONDS && 700 * FIVE_SECONDS < i.offsetMillis() + i.durationMillis();
      long max = Histograms.decode(i.histogram()).getMaxValue();
      assertEquals(holdsStall, max >= 1_000_000, "at " + i.offsetMillis() + " ms the max is " + max);
    }
  }

  @Test
  void aDocumentThatFitsKeepsItsFullResolution() {
    ResultDocument small = SeriesFixtures.pod("pod-0", "eu", List.of(SeriesFixtures.window("get", 12, FIVE_SECONDS,
        100, -1, 3)));
    ResultDocument fit = SeriesFit.toFit(small, Protocol.MAX_CONFIGMAP_RESULT_BYTES);
    assertEquals(small, fit);
    assertEquals(FIVE_SECONDS, fit.scenarios().get(0).series().intervalMillis());
  }

  @Test
  void aDocumentTooLargeEvenWithOneIntervalPerWindowLosesItsSeriesButNotItsRows() {
    ResultDocument doc = SeriesFixtures.pod("pod-0", "eu", List.of(SeriesFixtures.window("get", 8, FIVE_SECONDS, 100,
        -1, 4)));
    int rowsOnly = ResultJson.write(new ResultDocument(doc.version(), doc.run(), doc.namespace(), doc.pod(),
        doc.placement(), doc.region(), doc.zone(), doc.index(), doc.node(), doc.startAt(), null, null,
        List.of(doc.scenarios().get(0).withSeries(null)), null)).getBytes(StandardCharsets.UTF_8).length;
    ResultDocument fit = SeriesFit.toFit(doc, rowsOnly + 10);
    assertNull(fit.scenarios().get(0).series());
    assertEquals(doc.scenarios().get(0).count(), fit.scenarios().get(0).count());
  }

  /** A document written before series existed (no {@code series} field) reads as before, with none. */
  @Test
  void anOldDocumentWithoutSeriesStillReads() {
    ScenarioResult w = SeriesFixtures.window("get", 3, FIVE_SECONDS, 100, -1, 5).withSeries(null);
    String json = ResultJson.write(SeriesFixtures.pod("pod-0", "eu", List.of(w)));
    assertTrue(!json.contains("series"));
    ResultDocument read = ResultJson.read(json);
    assertNull(read.scenarios().get(0).series());
    SeriesCheck.check(read.scenarios().get(0));
    assertEquals(w.count(), read.scenarios().get(0).count());
  }

  /** The runner's own check before it attaches a series: counts only (an external tool's window does not add up). */
  @Test
  void aWindowWhoseIntervalsDoNotAddUpIsToldApartCheaply() {
    ScenarioResult w = SeriesFixtures.window("get", 4, FIVE_SECONDS, 100, -1, 9);
    assertTrue(SeriesCheck.addsUp(w));
    ScenarioResult tool = new ScenarioResult(w.name(), w.params(), 0, w.count() + 5_000, w.errors(), w.errorsByType(),
        w.dropped(), w.durationSeconds(), 0, 0, w.bytes(), w.latencyMicros(), w.histogram(), null, null, null)
        .withSeries(w.series());
    assertTrue(!SeriesCheck.addsUp(tool));
    assertTrue(!SeriesCheck.addsUp(w.withSeries(null)));
  }

  @Test
  void aSeriesRoundTripsThroughJson() {
    ScenarioResult w = SeriesFixtures.window("get", 3, FIVE_SECONDS, 100, 1, 6);
    ScenarioResult read = ResultJson.read(ResultJson.write(SeriesFixtures.pod("p", "eu", List.of(w)))).scenarios()
        .get(0);
    assertEquals(w.series(), read.series());
  }

  @Test
  void aHostileSeriesIsRefusedWithALineSayingWhy() {
    ScenarioResult w = SeriesFixtures.window("get", 4, FIVE_SECONDS, 200, -1, 7);
    refused(w, s -> series(s, 2, 1000, List.of()), "version 2");
    refused(w, s -> series(s, 1, 0, s.intervals()), "intervalMillis 0");
    refused(w, s -> replace(s, 1, i -> at(i, -5_000, i.durationMillis())), "negative offset");
    refused(w, s -> replace(s, 2, i -> at(i, i.offsetMillis() - 1, i.durationMillis())), "before the one before it");
    refused(w, s -> replace(s, 0, i -> counts(i, Long.MAX_VALUE, 0, i.histogram())), "holds");
    refused(w, s -> replace(s, 0, i -> counts(i, i.count(), i.count() + 1, i.histogram())), "impossible counts");
    refused(w, s -> replace(s, 0, i -> counts(i, i.count(), i.errors(), "bm90IGEgaGlzdG9ncmFt")), "not a base64 HdrHistogram");
    refused(w, s -> replace(s, 0, i -> counts(i, i.count(), i.errors(), "%%%")), "not a base64 HdrHistogram");
    refused(w, s -> replace(s, 3, i -> new SeriesInterval(i.offsetMillis(), Long.MAX_VALUE, i.count(), i.errors(),
        i.errorsByType(), i.dropped(), i.bytes(), null, null, i.histogram())), "overflow");
    refused(w, s -> replace(s, 0, i -> new SeriesInterval(i.offsetMillis(), i.durationMillis(), i.count(), i.errors(),
        i.errorsByType(), i.dropped() + 1, i.bytes(), null, null, i.histogram())), "add up to");
    refused(w, s -> replace(s, 0, i -> new SeriesInterval(i.offsetMillis(), i.durationMillis(), i.count(), i.errors(),
        Map.of("timeout", -1L), i.dropped(), i.bytes(), null, null, i.histogram())), "errors of type timeout");
    List<SeriesInterval> withNull = new ArrayList<>(w.series().intervals());
    withNull.set(1, null);
    refused(w, s -> new IntervalSeries(1, FIVE_SECONDS, withNull), "missing");
  }

  /** Numbers JSON cannot hold in a long, or text where a number belongs: the document is unreadable, said so. */
  @Test
  void aSeriesWithNumbersNoLongCanHoldIsAnUnreadableDocument() {
    String json = ResultJson.write(SeriesFixtures.pod("p", "eu", List.of(SeriesFixtures.window("get", 2, FIVE_SECONDS,
        10, -1, 8))));
    for (String bad : List.of("\"offsetMillis\" : 99999999999999999999999", "\"offsetMillis\" : \"soon\"")) {
      String hostile = json.replaceFirst("\"offsetMillis\" : 0", bad);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultJson.read(hostile));
      assertTrue(e.getMessage().startsWith("not a Regatta result document"), e.getMessage());
    }
  }

  private static void refused(ScenarioResult w, UnaryOperator<IntervalSeries> change, String says) {
    ScenarioResult hostile = w.withSeries(change.apply(w.series()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesCheck.check(hostile));
    assertTrue(e.getMessage().startsWith("time series of get repeat 0: "), e.getMessage());
    assertTrue(e.getMessage().contains(says), e.getMessage() + " should say " + says);
  }

  private static IntervalSeries series(IntervalSeries s, int version, long millis, List<SeriesInterval> intervals) {
    return new IntervalSeries(version, millis, intervals);
  }

  private static IntervalSeries replace(IntervalSeries s, int index, UnaryOperator<SeriesInterval> change) {
    List<SeriesInterval> out = new ArrayList<>(s.intervals());
    out.set(index, change.apply(out.get(index)));
    return new IntervalSeries(s.version(), s.intervalMillis(), out);
  }

  private static SeriesInterval at(SeriesInterval i, long offset, long duration) {
    return new SeriesInterval(offset, duration, i.count(), i.errors(), i.errorsByType(), i.dropped(), i.bytes(),
        i.bytesSent(), i.bytesReceived(), i.histogram());
  }

  private static SeriesInterval counts(SeriesInterval i, long count, long errors, String histogram) {
    return new SeriesInterval(i.offsetMillis(), i.durationMillis(), count, errors, null, i.dropped(), i.bytes(),
        i.bytesSent(), i.bytesReceived(), histogram);
  }
}
