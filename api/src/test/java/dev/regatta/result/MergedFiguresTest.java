package dev.regatta.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.matrix.ScenarioPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The figures issue 12 added to the merge: MB/s, bytes sent/received, checks, makespan, labels, p95. */
class MergedFiguresTest {
  private static final Map<String, String> POINT = Map.of("bufferSize", "1048576");

  private static ScenarioResult window(int repeat, long count, double seconds, long bytes, long sent, long received,
      Map<String, CheckCount> checks, Double makespan) {
    Histogram h = Histograms.newHistogram();
    for (long i = 1; i <= count; i++) {
      Histograms.recordMicros(h, i);
    }
    return new ScenarioResult("read", POINT, repeat, count, 0, null, 0, seconds, count / seconds, bytes / seconds,
        bytes, LatencySummary.of(h), Histograms.encode(h), null, null, null, sent, received, checks, makespan, null,
        null, null);
  }

  private static ResultDocument doc(String pod, ScenarioResult... rs) {
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", pod, "p", "eu-west-1", null, 0, null, null,
        null, null, List.of(rs), null);
  }

  private static List<ScenarioPlan> plan() {
    return ScenarioPlan.of(RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: r}
        spec:
          placements: [{name: p, pods: 2}]
          defaults: {percentiles: [50, 95, 99.99]}
          scenarios:
            - name: read
              redis: {op: blobRead, key: blob}
              matrix: {bufferSize: {values: [1048576], labels: [1 MiB chunks]}}
        """, "test").get(0).getSpec());
  }

  @Test
  void bandwidthIsDecimalMegabytesSummedOverPodsAndAveragedOverRepeats() {
    Map<String, CheckCount> checksA = new LinkedHashMap<>();
    checksA.put("status", new CheckCount(90, 10));
    checksA.put("body", new CheckCount(100, 0));
    List<ResultDocument> docs = List.of(
        doc("a", window(0, 100, 2.0, 400_000_000, 1_000, 400_100_000, checksA, 2.5),
            window(1, 100, 2.0, 600_000_000, 1_000, 600_100_000, Map.of("status", new CheckCount(100, 0)), 3.0)),
        doc("b", window(0, 100, 2.0, 200_000_000, 500, 200_050_000, Map.of("status", new CheckCount(50, 50)), 4.0),
            window(1, 100, 2.0, 200_000_000, 500, 200_050_000, null, null)));
    ResultRow row = ResultMerger.merge(docs, plan()).rows().get(0);
    // repeat 0: (400M + 200M) / 2 s = 300 MB/s; repeat 1: (600M + 200M) / 2 s = 400 MB/s
    assertEquals(350.0, row.getMegabytesPerSecond());
    assertEquals(70.711, row.getMegabytesPerSecondStddev());
    assertEquals(3_000L, row.getBytesSent());
    assertEquals(1_400_300_000L, row.getBytesReceived());
    assertEquals("bandwidth", row.getHeadline());
    assertEquals("ops/s", row.getRateUnit());
    assertEquals(Map.of("bufferSize", "1 MiB chunks"), row.getLabels());
    assertEquals(3.5, row.getMakespanSeconds(), "the longest pod per repeat (4.0, 3.0), averaged");
    assertEquals(2, row.getChecks().size());
    ResultRow.CheckRate status = row.getChecks().get(0);
    assertEquals("status", status.getName());
    assertEquals(240L, status.getPasses());
    assertEquals(60L, status.getFails());
    assertEquals(0.8, status.getPassRate());
    assertEquals(350.0, row.getByRegion().get(0).getMegabytesPerSecond());
    // 400 samples 1..100 four times: p95 = 95, and the run asked for p99.99 too
    assertEquals(95L, row.getLatencyMicros().getP95());
    assertEquals(100L, row.getLatencyMicros().getPercentiles().get("99.99"));
    assertNull(row.getLatencyMicros().getPercentiles().get("95"), "fixed fields are not repeated in the map");

    BenchmarkRunStatus.Summary s = BenchmarkRunStatus.Summary.of(row);
    assertEquals("350 MB/s", s.getThroughput());
    assertEquals("bandwidth", s.getHeadline());
  }

  @Test
  void aThroughputHeadlineSaysWhatIsCounted() {
    ResultRow row = new ResultRow();
    row.setSuccessPerSecond(1856.55);
    row.setHeadline("throughput");
    row.setRateUnit("req/s");
    assertEquals("1.9k req/s", BenchmarkRunStatus.Summary.of(row).getThroughput());
  }
}
