package dev.regatta.runner.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import dev.regatta.result.IntervalSeries;
import dev.regatta.result.ScenarioResult;
import dev.regatta.result.SeriesCheck;
import dev.regatta.runner.record.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveRecordingTest {
  private LiveRecording live;

  @AfterEach
  void uninstall() {
    if (live != null) {
      live.close();
    }
    LiveRecording.install(null);
  }

  @Test
  void withoutALiveRecordingARecorderRecordsNothingLive() {
    LiveRecording.install(null);
    assertNull(LiveRecording.attach());
    Recorder r = Recorder.measuring();
    r.success(10, 1);
    assertEquals(1, r.count());
  }

  /** The window's intervals, closed while two threads record, add up exactly to the window's own totals. */
  @Test
  void aWindowsIntervalsAddUpToItsTotals() throws Exception {
    // an hour: the ticker never fires on its own here, the test closes intervals itself
    live = new LiveRecording(Duration.ofHours(1), new IntervalLog());
    LiveRecording.install(live);
    LiveRecording.windowStarting("get", Map.of("size", "64"), 0, Instant.now());
    Recorder a = Recorder.measuring();
    Recorder b = Recorder.measuring();
    CountDownLatch firstHalf = new CountDownLatch(2);
    CountDownLatch ticked = new CountDownLatch(1);
    Thread ta = load(a, 1, firstHalf, ticked);
    Thread tb = load(b, 7, firstHalf, ticked);
    firstHalf.await();
    live.tickNow();
    ticked.countDown();
    ta.join();
    tb.join();
    IntervalSeries series = LiveRecording.windowEnded();
    assertNull(LiveRecording.attach(), "no window is open after its end");

    Recorder total = new Recorder();
    total.add(a);
    total.add(b);
    List<LiveInterval> intervals = live.log().after(0, 100);
    assertEquals(2, intervals.size());
    assertFalse(intervals.get(0).last());
    assertTrue(intervals.get(1).last(), "the window's end closes its last interval");
    assertTrue(intervals.get(0).count() > 0, "the first interval holds the first half");
    Histogram merged = Histograms.newHistogram();
    long count = 0;
    long errors = 0;
    long dropped = 0;
    long bytes = 0;
    for (LiveInterval i : intervals) {
      assertEquals("get", i.scenario());
      assertEquals(Map.of("size", "64"), i.params());
      Histogram h = Histograms.decode(i.histogram());
      assertEquals(i.count(), h.getTotalCount());
      merged.add(h);
      count += i.count();
      errors += i.errors();
      dropped += i.dropped();
      bytes += i.bytes();
    }
    assertEquals(total.count(), count);
    assertEquals(total.errors(), errors);
    assertEquals(total.dropped(), dropped);
    assertEquals(total.bytes(), bytes);
    assertEquals(total.histogram(), merged, "the intervals' histograms add up to the window's, bucket by bucket");
    assertEquals(1, intervals.get(0).seq());
    assertEquals(2, intervals.get(1).seq());
    assertEquals(0, intervals.get(0).index());
    assertEquals(1, intervals.get(1).index());
    assertEquals(intervals.get(0).endMillis(), intervals.get(1).startMillis(), "each interval starts where the last ended");

    // the same intervals are the window's time series, with the errors by type the live answer leaves out
    assertEquals(2, series.intervals().size());
    assertEquals(Duration.ofHours(1).toMillis(), series.intervalMillis());
    assertEquals(0, series.intervals().get(0).offsetMillis());
    assertEquals(intervals.get(0).endMillis() - intervals.get(0).startMillis(), series.intervals().get(0).durationMillis());
    assertEquals(series.intervals().get(0).durationMillis(), series.intervals().get(1).offsetMillis());
    ScenarioResult window = new ScenarioResult("get", Map.of("size", "64"), 0, total.count(), total.errors(),
        total.errorsByType(), total.dropped(), 1, 1, 1, total.bytes(), null, Histograms.encode(total.histogram()), null,
        null, null).withSeries(series);
    SeriesCheck.check(window); // adds up exactly to the window, errors by type included
    assertEquals(total.errors(), series.intervals().stream().mapToLong(i -> i.errorsByType().get("timeout")).sum());
    assertEquals(intervals.get(0).histogram(), series.intervals().get(0).histogram());
  }

  private static Thread load(Recorder r, int seed, CountDownLatch firstHalf, CountDownLatch ticked) {
    Thread t = new Thread(() -> {
      for (int i = 0; i < 20_000; i++) {
        if (i == 10_000) {
          firstHalf.countDown();
          try {
            ticked.await();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
        if (i % 100 == seed) {
          r.failure("timeout", 1 + (i * seed) % 100_000, 1);
        } else {
          r.success(1 + (i * seed) % 100_000, 10, 1);
        }
        if (i % 50 == 0) {
          r.drop();
        }
      }
    });
    t.start();
    return t;
  }

  @Test
  void theTickerClosesIntervalsOnItsOwn() throws Exception {
    live = new LiveRecording(Duration.ofMillis(50), new IntervalLog());
    LiveRecording.install(live);
    LiveRecording.windowStarting("get", Map.of(), 0, Instant.now());
    Recorder r = Recorder.measuring();
    r.success(5, 1);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (live.log().latest() < 3 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    LiveRecording.windowEnded();
    assertTrue(live.log().latest() >= 4, "three ticks and the window's last interval");
    assertEquals(1, live.log().after(0, 100).stream().mapToLong(LiveInterval::count).sum());
  }

  @Test
  void theLogKeepsOnlyTheLatestIntervals() {
    IntervalLog log = new IntervalLog(3);
    for (long s = 1; s <= 5; s++) {
      log.append(new LiveInterval(s, s - 1, "x", Map.of(), 0, 0, 0, false, s, 0, 0, 0, null, null, ""));
    }
    assertEquals(3, log.oldest());
    assertEquals(5, log.latest());
    assertEquals(List.of(4L, 5L), log.after(3, 10).stream().map(LiveInterval::seq).toList());
    assertEquals(List.of(3L), log.after(0, 1).stream().map(LiveInterval::seq).toList());
    assertEquals(List.of(), log.after(5, 10));
  }
}
