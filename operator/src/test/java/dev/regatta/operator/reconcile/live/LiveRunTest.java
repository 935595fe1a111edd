package dev.regatta.operator.reconcile.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LiveRunTest {
  private static LiveAnswerReader.Answer read(String instance, List<LiveInterval> intervals, long cursor)
      throws Exception {
    return LiveAnswerReader.read(Intervals.answer(instance, intervals), cursor);
  }

  /** The fleet's p50/p99 of an interval are those of every pod's raw latencies pooled, not an average of pods'. */
  @Test
  void fleetPercentilesAreThoseOfThePooledLatencies() throws Exception {
    LiveRun run = new LiveRun();
    Histogram pooled = Histograms.newHistogram();
    Histogram pooledRun = Histograms.newHistogram();
    long[] tails = {200, 30_000, 900_000};
    long count = 0;
    for (int interval = 0; interval < 2; interval++) {
      pooled.reset();
      for (int pod = 0; pod < 3; pod++) {
        long[] lat = Intervals.latencies(pod * 10 + interval, 1000 + 500 * pod, tails[pod] * (interval + 1));
        for (long v : lat) {
          pooled.recordValue(v);
          pooledRun.recordValue(v);
        }
        count += lat.length;
        LiveInterval i = Intervals.interval(interval + 1, interval, "get", 10_000 + interval * 2000L, lat, 100);
        run.answered("pod-" + pod, read("runner-" + pod, List.of(i), interval));
      }
      run.roundEnded();
      LiveFigures f = run.figures();
      assertEquals(pooled.getValueAtPercentile(99), f.p99Micros(), "interval " + interval);
      assertEquals(pooled.getValueAtPercentile(50), f.p50Micros(), "interval " + interval);
      assertEquals(3, f.podsReporting());
      assertEquals(pooled.getTotalCount() / 2.0, f.throughputPerSecond(), 1e-9, "ops over the 2 s interval");
    }
    LiveFigures f = run.figures();
    assertEquals(pooledRun.getValueAtPercentile(99), f.runP99Micros());
    assertEquals(pooledRun.getValueAtPercentile(50), f.runP50Micros());
    assertEquals(count, f.count());
    assertEquals(6 * 3, f.dropped());
    // the average of the pods' p99s is not what the fleet shows: the check above is not vacuous
    assertTrue(f.p99Micros() > 0);
  }

  /**
   * With pods in two regions, each region's figures are those of its pods' latencies pooled (never the fleet's, never
   * an average), its rates are over the fleet interval's length so they add up to the fleet's, and a pod of no
   * region counts in the fleet only. With one region there is nothing per region to show.
   */
  @Test
  void eachRegionsFiguresAreThoseOfItsPodsPooled() throws Exception {
    LiveRun run = new LiveRun();
    run.regions(java.util.Map.of("eu-0", "eu-west-1", "eu-1", "eu-west-1", "us-0", "us-east-1"));
    Histogram eu = Histograms.newHistogram();
    Histogram us = Histograms.newHistogram();
    String[] pods = {"eu-0", "eu-1", "us-0", "nowhere"};
    long[] tails = {300, 2_000, 700_000, 50};
    for (int pod = 0; pod < pods.length; pod++) {
      long[] lat = Intervals.latencies(pod, 800 + 100 * pod, tails[pod]);
      for (long v : lat) {
        (pods[pod].startsWith("eu") ? eu : pods[pod].startsWith("us") ? us : Histograms.newHistogram()).recordValue(v);
      }
      run.answered(pods[pod], read("r-" + pod, List.of(Intervals.interval(1, 0, "get", 10_000, lat, 3)), 0));
    }
    run.roundEnded();
    LiveFigures f = run.figures();
    assertEquals(List.of("eu-west-1", "us-east-1"), f.byRegion().stream().map(LiveFigures.Region::region).toList());
    LiveFigures.Region euRow = f.byRegion().get(0);
    LiveFigures.Region usRow = f.byRegion().get(1);
    assertEquals(eu.getValueAtPercentile(99), euRow.p99Micros());
    assertEquals(eu.getValueAtPercentile(50), euRow.p50Micros());
    assertEquals(us.getValueAtPercentile(99), usRow.p99Micros());
    assertTrue(euRow.p99Micros() < f.p99Micros(), "eu's p99 is not the fleet's, which us's slow pod sets");
    assertEquals(2, euRow.podsReporting());
    assertEquals(1, usRow.podsReporting());
    assertEquals(6, euRow.dropped());
    assertEquals(eu.getTotalCount() / 2.0, euRow.throughputPerSecond(), 1e-9, "ops over the fleet's 2 s interval");
    assertTrue(euRow.throughputPerSecond() + usRow.throughputPerSecond() < f.throughputPerSecond(),
        "the pod of no region counts in the fleet only");

    LiveRun single = new LiveRun();
    single.regions(java.util.Map.of("a", "eu-west-1", "b", "eu-west-1"));
    single.answered("a", read("ra", List.of(Intervals.interval(1, 0, "get", 0, Intervals.latencies(1, 100, 500), 1)), 0));
    single.answered("b", read("rb", List.of(Intervals.interval(1, 0, "get", 0, Intervals.latencies(2, 100, 500), 1)), 0));
    single.roundEnded();
    assertEquals(List.of(), single.figures().byRegion(), "one region is the fleet: nothing per region");
  }

  @Test
  void nothingIsShownBeforeAFleetIntervalIsComplete() throws Exception {
    LiveRun run = new LiveRun();
    assertNull(run.figures());
    run.answered("a", read("ra", List.of(), 0));
    run.roundEnded();
    assertNull(run.figures(), "a round without intervals completes nothing");
  }

  /** A pod that has not given its part holds an interval back for two rounds at most, then it counts without it. */
  @Test
  void aMissingPodHoldsAnIntervalBackOnlyForAWhile() throws Exception {
    LiveRun run = new LiveRun();
    long[] lat = Intervals.latencies(1, 100, 500);
    run.answered("a", read("ra", List.of(Intervals.interval(1, 0, "get", 0, lat, 1)), 0));
    run.answered("b", read("rb", List.of(), 0));
    run.roundEnded();
    assertNull(run.figures(), "b answered without its part: wait for it");
    run.answered("a", read("ra", List.of(), 1));
    run.answered("b", read("rb", List.of(), 0));
    run.roundEnded();
    assertNull(run.figures());
    run.answered("b", read("rb", List.of(), 0));
    run.roundEnded();
    assertEquals(1, run.figures().podsReporting(), "after two rounds it is shown with the pods that gave it");
    assertEquals(100, run.figures().count());
  }

  /** A part that comes after its interval was shown counts in the run so far, not as a one-pod fleet interval. */
  @Test
  void aLatePartDoesNotReopenItsInterval() throws Exception {
    LiveRun run = new LiveRun();
    run.answered("a", read("ra", List.of(Intervals.interval(1, 0, "get", 0, Intervals.latencies(1, 100, 500), 1)), 0));
    run.roundEnded();
    assertEquals(1, run.figures().podsReporting());
    run.answered("b", read("rb", List.of(Intervals.interval(1, 0, "get", 0, Intervals.latencies(2, 50, 500), 1)), 0));
    run.roundEnded();
    run.roundEnded();
    run.roundEnded();
    assertEquals(1, run.figures().podsReporting(), "the interval shown is still a's");
    assertEquals(100, run.figures().throughputPerSecond() * 2, 1e-9);
    assertEquals(150, run.figures().count(), "b's part is in the run so far");
    assertEquals(0, run.pendingCount());
  }

  /** The few milliseconds from a window's last tick to its end are counted, not shown as the fleet's interval. */
  @Test
  void aWindowsFinalStubIsCountedButNotShown() throws Exception {
    LiveRun run = new LiveRun();
    run.answered("a", read("ra", List.of(Intervals.interval(1, 0, "get", 0, Intervals.latencies(1, 100, 500), 1)), 0));
    run.roundEnded();
    LiveInterval full = Intervals.interval(2, 1, "get", 2000, new long[] {7}, 1);
    LiveInterval stub = new LiveInterval(2, 1, "get", full.params(), 0, 4000, 4003, true, 1, 0, 0, 1, null, null,
        full.histogram());
    run.answered("a", read("ra", List.of(stub), 1));
    run.roundEnded();
    assertEquals(0, run.figures().intervalEndMillis() - 2000, "the interval shown is still the full one");
    assertEquals(101, run.figures().count(), "the stub's operation is in the run so far");
  }

  /** What a listener sees of one point: copied during the call, as the points are the run's own. */
  private record Seen(long count, long errors, double seconds, long p99, int points) {}

  /**
   * For a listener (abortOnFail), each point so far: its complete fleet intervals pooled, with the time they cover,
   * and a pod's part that came after its interval was complete; an interval still waiting for a pod is not in it.
   */
  @Test
  void aListenerSeesEachPointsCompleteFleetIntervalsPooled() throws Exception {
    LiveRun run = new LiveRun();
    List<Seen> seen = new ArrayList<>();
    run.listenRounds(points -> points.forEach(p -> seen.add(new Seen(p.count(), p.errors(), p.seconds(),
        p.percentileMicros(99), points.size()))));
    long[] la = Intervals.latencies(1, 1000, 500);
    long[] lb = Intervals.latencies(2, 500, 40_000);
    run.answered("a", read("ra", List.of(Intervals.interval(1, 0, "get", 0, la, 1)), 0));
    run.answered("b", read("rb", List.of(Intervals.interval(1, 0, "get", 0, lb, 1)), 0));
    run.roundEnded();
    Histogram pooled = Histograms.newHistogram();
    for (long v : la) {
      pooled.recordValue(v);
    }
    for (long v : lb) {
      pooled.recordValue(v);
    }
    assertEquals(new Seen(1500, 150, 2.0, pooled.getValueAtPercentile(99), 1), seen.get(seen.size() - 1));

    run.answered("a", read("ra", List.of(Intervals.interval(2, 1, "get", 2000, la, 1)), 1));
    run.answered("b", read("rb", List.of(), 1));
    run.roundEnded();
    assertEquals(1500, seen.get(seen.size() - 1).count(), "interval 1 waits for b: not in the point yet");
    run.roundEnded();
    run.roundEnded();
    assertEquals(new Seen(2500, 250, 4.0, seen.get(seen.size() - 1).p99(), 1), seen.get(seen.size() - 1),
        "after two rounds it counts without b, and its time with it");
    run.answered("b", read("rb", List.of(Intervals.interval(2, 1, "get", 2000, lb, 1)), 1));
    run.roundEnded();
    assertEquals(3000, seen.get(seen.size() - 1).count(), "b's late part counts in the point so far");
    assertEquals(4.0, seen.get(seen.size() - 1).seconds(), "over the same time");

    for (int k = 0; k < 6; k++) {
      run.answered("a", read("ra", List.of(Intervals.interval(3 + k, 0, "s" + k, 10_000, la, 1)), 2 + k));
    }
    seen.clear();
    for (int r = 0; r < 3; r++) {
      run.roundEnded();
    }
    assertEquals(PointsSoFar.MAX_POINTS, seen.get(seen.size() - 1).points(), "only the latest points are kept");
  }

  @Test
  void aRepeatedAnswerIsNotCountedTwice() throws Exception {
    LiveRun run = new LiveRun();
    LiveInterval i = Intervals.interval(1, 0, "get", 0, Intervals.latencies(2, 100, 500), 1);
    run.answered("a", read("ra", List.of(i), 0));
    run.answered("a", read("ra", List.of(i), 0));
    run.roundEnded();
    assertEquals(100, run.figures().count());
    assertEquals(1, run.cursor("a"));
  }

  @Test
  void pendingIntervalsAreBounded() throws Exception {
    LiveRun run = new LiveRun();
    List<LiveInterval> many = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      many.add(Intervals.interval(k + 1, k, "get", k * 2000L, Intervals.latencies(k, 10, 100), 1));
    }
    run.answered("a", read("ra", many, 0));
    run.answered("b", read("rb", List.of(), 0)); // b never gives any: nothing completes by the round rule
    assertTrue(run.pendingCount() <= LiveRun.MAX_PENDING);
    assertEquals(200, run.figures().count(), "the run so far has every interval");
  }

  @Test
  void warningsAreOnePerPodAndKindAndFewInAll() {
    LiveRun run = new LiveRun();
    run.failed("a", "silent", "pod a silent");
    run.failed("a", "silent", "pod a silent");
    run.failed("a", "garbage", "pod a garbage");
    assertEquals(List.of("pod a silent", "pod a garbage"), run.takeWarnings());
    for (int i = 0; i < 1000; i++) {
      run.failed("p" + i, "silent", "pod p" + i + " silent");
    }
    List<String> w = run.takeWarnings();
    assertEquals(LiveRun.MAX_WARNINGS - 2 + 1, w.size(), "a thousand silent pods are a few Events: " + w);
    assertTrue(w.get(w.size() - 1).startsWith("more runners"), w.toString());
    assertEquals(List.of(), run.takeWarnings());
  }

  @Test
  void garbageIsRefusedBeforeItReachesTheSums() throws Exception {
    LiveInterval good = Intervals.interval(1, 0, "get", 0, Intervals.latencies(3, 100, 500), 1);
    LiveInterval lying = new LiveInterval(1, 0, "get", good.params(), 0, 0, 2000, false, 5, 0, 0, 0, null, null,
        good.histogram());
    assertThrows(LiveAnswerReader.Unreadable.class, () -> read("r", List.of(lying), 0));
    LiveInterval notHistogram = new LiveInterval(1, 0, "get", good.params(), 0, 0, 2000, false, 100, 0, 0, 0, null,
        null, "bm90IGEgaGlzdG9ncmFt");
    assertThrows(LiveAnswerReader.Unreadable.class, () -> read("r", List.of(notHistogram), 0));
    assertThrows(LiveAnswerReader.Unreadable.class, () -> read("r", List.of(good), 1), "not after the cursor");
    assertThrows(LiveAnswerReader.Unreadable.class, () -> LiveAnswerReader.read("{\"version\":1".getBytes(), 0));
    assertThrows(LiveAnswerReader.Unreadable.class, () -> LiveAnswerReader.read("<html>".getBytes(), 0));
    assertThrows(LiveAnswerReader.Unreadable.class, () -> LiveAnswerReader.read(
        "{\"version\":2,\"instance\":\"x\",\"intervals\":[]}".getBytes(), 0));
  }
}
