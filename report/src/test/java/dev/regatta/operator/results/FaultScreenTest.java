package dev.regatta.operator.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.Histograms;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The screen's arithmetic on hand-built documents: the tolerance, the fleet's reference start, what is kept. */
class FaultScreenTest {
  private static final Instant START = Instant.parse("2026-11-26T06:35:49.658Z");
  private static final long START_MICROS = START.toEpochMilli() * 1000;

  private static ResultDocument doc(String pod, long startMicros, double window) {
    ScenarioResult r = new ScenarioResult("get", Map.of(), 0, 100, 0, null, 0, window, 100 / window, 0, 0, null,
        Histograms.encode(Histograms.newHistogram()), startMicros, startMicros + (long) (window * 1e6), null);
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", pod, "p", "", null, 0, null, null,
        startMicros, null, List.of(r), null);
  }

  @Test
  void toleranceIsATenthOfTheWindowBetween100msAnd1s() {
    assertEquals(Duration.ofSeconds(1), FaultScreen.tolerance(600));
    assertEquals(Duration.ofSeconds(1), FaultScreen.tolerance(10));
    assertEquals(Duration.ofMillis(200), FaultScreen.tolerance(2));
    assertEquals(Duration.ofMillis(100), FaultScreen.tolerance(0.5));
    assertEquals(Duration.ofMillis(100), FaultScreen.tolerance(0));
  }

  @Test
  void lateIsJudgedAgainstTheFleetsFirstWindowJustAboveTheTolerance() {
    ResultDocument first = doc("a", START_MICROS + 2_000, 10);
    ResultDocument within = doc("b", START_MICROS + 2_000 + 1_000_000, 10);
    ResultDocument beyond = doc("c", START_MICROS + 2_000 + 1_000_001, 10);
    FaultScreen.Screened s = FaultScreen.screen(List.of(first, within, beyond), START, Duration.ZERO, PodFacts.NONE);
    assertEquals(List.of(first, within), s.merged());
    assertEquals(List.of(beyond), s.excluded());
    assertEquals(1.0, s.faults().get(0).getLateSeconds(), 0.001);
    assertTrue(s.lostData());
  }

  /**
   * Every runner stopped 0.8 s into a 3-minute window (an abort): each cut window is judged late against the
   * window it was to be (tolerance 1 s), not the 0.8 s it measured (100 ms), and each pod is named, kept.
   */
  @Test
  void stoppedRunnersAreKeptNamedAndJudgedLateAgainstTheirPlannedWindow() {
    ResultDocument a = stopped(doc("a", START_MICROS + 2_000, 0.8), 180.0);
    ResultDocument b = stopped(doc("b", START_MICROS + 2_000 + 500_000, 0.3), 180.0);
    ResultDocument c = stopped(doc("c", START_MICROS + 2_000 + 1_200_000, 0.1), 180.0);
    FaultScreen.Screened s = FaultScreen.screen(List.of(a, b, c), START, Duration.ZERO, PodFacts.NONE);
    assertEquals(List.of(a, b), s.merged(), "b began 0.5 s after a: within a tenth of 180 s (at most 1 s)");
    assertEquals(List.of(c), s.excluded(), "c began 1.2 s after a");
    List<Fault> stopped = s.faults().stream().filter(f -> Fault.STOPPED_EARLY.equals(f.getType())).toList();
    assertEquals(List.of("a", "b"), stopped.stream().map(Fault::getPod).toList());
    assertEquals(Boolean.FALSE, stopped.get(0).getExcluded());
    assertTrue(stopped.get(0).getMessage().contains("stopped (terminated) 0.8 s into its 180.0 s window of get "
        + "repeat 0; that window counts the 0.8 s it measured"), stopped.get(0).getMessage());
  }

  private static ResultDocument stopped(ResultDocument d, double planned) {
    ScenarioResult r = d.scenarios().get(0);
    return new ResultDocument(d.version(), d.run(), d.namespace(), d.pod(), d.placement(), d.region(), d.zone(),
        d.index(), d.node(), d.startAt(), d.measuredStartEpochMicros(), d.finishedAt(), d.scenarios(), null, null,
        null, new ResultDocument.Stopped("terminated", START.toString(), r.name(), null, r.repeat(),
            r.durationSeconds(), planned));
  }

  private static ScenarioResult window(String pods, long startMicros) {
    return new ScenarioResult("get", Map.of("pods", pods), 0, 100, 0, null, 0, 1, 100, 0, 0, null,
        Histograms.encode(Histograms.newHistogram()), startMicros, startMicros + 1_000_000, null);
  }

  private static ResultDocument pod(String pod, ScenarioResult... windows) {
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", pod, "p", "", null, 0, null, null,
        windows[0].startEpochMicros(), null, List.of(windows), null);
  }

  @Test
  void aPodThatWaitsOutThePointsOfAPodsAxisIsJudgedAgainstTheWindowItFirstMeasured() {
    // pods axis [1, 2]: pod a measures both points, pod b only the second, 3 s after the fleet's first window
    ResultDocument a = pod("a", window("1", START_MICROS), window("2", START_MICROS + 3_000_000));
    ResultDocument b = pod("b", window("2", START_MICROS + 3_020_000));
    ResultDocument c = pod("c", window("2", START_MICROS + 3_500_000));
    FaultScreen.Screened s = FaultScreen.screen(List.of(a, b, c), START, Duration.ZERO, PodFacts.NONE);
    assertEquals(List.of(a, b), s.merged(), "b ran alongside a at pods=2; c began 0.5 s after that window");
    assertEquals(List.of(c), s.excluded());
    assertEquals(0.5, s.faults().get(0).getLateSeconds(), 0.001);
  }

  @Test
  void everyRunnerLateTogetherIsStillOneConcurrentFleet() {
    // the start instant reached the runners late (a loaded node): they all began 3 s after it, together
    ResultDocument a = doc("a", START_MICROS + 3_000_000, 10);
    ResultDocument b = doc("b", START_MICROS + 3_050_000, 10);
    FaultScreen.Screened s = FaultScreen.screen(List.of(a, b), START, Duration.ZERO, PodFacts.NONE);
    assertEquals(List.of(a, b), s.merged());
    assertTrue(s.faults().isEmpty());
  }

  @Test
  void aNodeWhoseClockRunsBehindDoesNotMakeTheOthersLate() {
    // pod a's clock is 2 s behind: its start looks 2 s early. The others are judged against the schedule.
    Duration warmup = Duration.ofSeconds(1);
    long scheduled = START_MICROS + 1_000_000;
    ResultDocument behind = doc("a", scheduled - 2_000_000, 10);
    ResultDocument b = doc("b", scheduled + 5_000, 10);
    ResultDocument c = doc("c", scheduled + 8_000, 10);
    FaultScreen.Screened s = FaultScreen.screen(List.of(behind, b, c), START, warmup, PodFacts.NONE);
    assertEquals(List.of(behind, b, c), s.merged());
  }

  @Test
  void aReplacedPodThatWasMeasuringIsLostAndOneReplacedBeforeTheStartIsNot() {
    ResultDocument d = new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", "p-0-c", "p", "", null, 0, null,
        null, START_MICROS, null, doc("x", START_MICROS, 10).scenarios(), null, 3, List.of(
            new ResultDocument.Replaced("p-0-a", Protocol.REPLACED_BEFORE_START),
            new ResultDocument.Replaced("p-0-b", Protocol.REPLACED_MEASURING)));
    FaultScreen.Screened s = FaultScreen.screen(List.of(d), START, Duration.ZERO, PodFacts.NONE);
    assertEquals(1, s.faults().size());
    Fault f = s.faults().get(0);
    assertEquals(Fault.LOST_WHILE_MEASURING, f.getType());
    assertEquals("p-0-b", f.getPod());
    assertTrue(f.getMessage().contains("replaced it with pod p-0-c"), f.getMessage());
    assertEquals(List.of(d), s.merged(), "the replacement itself began on time: it is kept");
  }

  @Test
  void theCollectorKeepsTheRetryHistoryOfADocumentWithoutARegion() {
    BenchmarkRunSpec spec = dev.regatta.api.RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: r}
        spec:
          placements: [{name: p, pods: 1}]
          scenarios: [{name: get, redis: {url: "redis://127.0.0.1:6379"}}]
        """, "t").get(0).getSpec();
    List<Slot> slots = List.of(new Slot("p", 0, null, null, Protocol.resultConfigMapName("r", "p", 0)));
    ResultDocument d = new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", "r-p-0-b", "p", null, null, 0,
        null, null, START_MICROS, null, List.of(), null, 2,
        List.of(new ResultDocument.Replaced("r-p-0-a", Protocol.REPLACED_MEASURING)));
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(slots.get(0).resultMap()).endMetadata()
        .addToData(Protocol.STATE_KEY, Protocol.STATE_DONE).addToData(Protocol.RESULT_KEY, ResultJson.write(d)).build();
    ResultDocument read = new ResultCollector(null).collect(spec, "ns", slots, Map.of(cm.getMetadata().getName(), cm))
        .documents().get(0);
    assertEquals(2, read.attempt());
    assertEquals(d.replaced(), read.replaced());
  }

  private record Slot(String placement, int index, String region, String zone, String resultMap)
      implements ResultCollector.Slot {
    public String label() {
      return placement + "-" + index;
    }
  }
}
