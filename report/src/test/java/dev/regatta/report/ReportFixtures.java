package dev.regatta.report;

import dev.regatta.result.Histograms;
import dev.regatta.result.ResourceUse;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Saved result documents with known content. Run "sample": scenario "read" swept over bufferSize 1024,
 * 4096, 16384, two repeats, three pods: eu-0 and eu-1 in region eu, us-0 in region us.
 *
 * <ul>
 *   <li>latency samples per window: eu-0 records 1..500 µs, eu-1 501..1000, us-0 1001..2000, so the pooled
 *       distribution (both repeats) is every value 1..2000 twice: p50 1000, p90 1800, p99 1980, p99.9 1998;</li>
 *   <li>window length at point k (0, 1, 2): repeat 0 lasts 10/(k+1) s, repeat 1 5/(k+1) s, so the fleet does
 *       200·(k+1) ops/s in repeat 0 and 400·(k+1) in repeat 1: mean 300·(k+1), stddev 141.42·(k+1);</li>
 *   <li>eu-0 has 3 errors per window at bufferSize=1024; every window uses 0.5 CPU s, 0.25 cores busy; peak RSS
 *       eu-0 100 MB, eu-1 120 MB, us-0 150 MB;</li>
 *   <li>every operation sent 100 bytes and received its bufferSize plus 50 bytes on the wire.</li>
 * </ul>
 * A "slow" copy makes the 4096 point's windows {@code slowdown} times longer (throughput down, latency same).
 */
final class ReportFixtures {
  static final List<String> BUFFER_SIZES = List.of("1024", "4096", "16384");

  private ReportFixtures() {}

  static List<ResultDocument> docs(String run, double slowdownAt4096) {
    List<ResultDocument> docs = new ArrayList<>();
    docs.add(pod(run, "eu", 0, 1, 500, 100_000_000L, slowdownAt4096));
    docs.add(pod(run, "eu", 1, 501, 1000, 120_000_000L, slowdownAt4096));
    docs.add(pod(run, "us", 0, 1001, 2000, 150_000_000L, slowdownAt4096));
    return docs;
  }

  /**
   * The read-size sweep's shape: scenarios redis, http, https and s3, each reading bufferSize 4 KiB .. 64 KiB on
   * two pods, headline bandwidth. At buffer size b (KiB) transport t (0..3) moves (t + 1) × b × 1000 bytes per op,
   * 1000 ops per pod in a 1 s window: (t + 1) × b × 2 MB/s for the fleet. Errors: none.
   */
  static List<ResultDocument> readSizeSweep(String run) {
    List<String> transports = List.of("redis", "http", "https", "s3");
    List<ResultDocument> docs = new ArrayList<>();
    Histogram h = Histograms.newHistogram();
    for (int v = 100; v < 1100; v++) {
      Histograms.recordMicros(h, v);
    }
    String encoded = Histograms.encode(h);
    for (int pod = 0; pod < 2; pod++) {
      List<ScenarioResult> results = new ArrayList<>();
      for (int t = 0; t < transports.size(); t++) {
        for (int e = 12; e <= 16; e++) {
          long size = 1L << e;
          long bytes = (t + 1) * (size / 1024) * 1000L * 1000;
          results.add(new ScenarioResult(transports.get(t), Map.of("bufferSize", String.valueOf(size)), 0, 1000, 0,
              null, 0, 1.0, 1000, bytes, bytes, null, encoded, null, null, new ResourceUse(0.3, 200_000_000L, null,
              null, 0.3), 1000L * 120, bytes + 1000L * 200, null, null, null, "bandwidth",
              t == 0 ? "ops/s" : "req/s"));
        }
      }
      docs.add(new ResultDocument(ResultDocument.FORMAT_VERSION, run, "bench", run + "-readers-" + pod, "readers",
          "eu-west-1", "eu-west-1a", pod, "node-" + pod, "2026-11-26T04:00:00.000Z", 1_000_000L, null, results, null));
    }
    return docs;
  }

  static Path save(Path dir, List<ResultDocument> docs) throws IOException {
    Files.createDirectories(dir);
    for (ResultDocument d : docs) {
      ResultJson.write(d, dir.resolve(d.pod() + ".json"));
    }
    return dir;
  }

  private static ResultDocument pod(String run, String region, int index, int fromMicros, int toMicros, long rss,
      double slowdownAt4096) {
    Histogram h = Histograms.newHistogram();
    for (int v = fromMicros; v <= toMicros; v++) {
      Histograms.recordMicros(h, v);
    }
    String encoded = Histograms.encode(h);
    long count = toMicros - fromMicros + 1;
    List<ScenarioResult> results = new ArrayList<>();
    for (int k = 0; k < BUFFER_SIZES.size(); k++) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("bufferSize", BUFFER_SIZES.get(k));
      for (int repeat = 0; repeat < 2; repeat++) {
        double duration = (repeat == 0 ? 10.0 : 5.0) / (k + 1) * (k == 1 ? slowdownAt4096 : 1.0);
        long errors = region.equals("eu") && index == 0 && k == 0 ? 3 : 0;
        long bytes = count * Long.parseLong(BUFFER_SIZES.get(k));
        results.add(new ScenarioResult("read", params, repeat, count, errors, errors > 0 ? Map.of("timeout", errors) : null,
            0, duration, count / duration, bytes / duration, bytes, null, encoded, null, null,
            new ResourceUse(0.5, rss, null, null, 0.25), count * 100, bytes + count * 50, null, null, null, null,
            null));
      }
    }
    String pod = run + "-" + region + "-" + index;
    return new ResultDocument(ResultDocument.FORMAT_VERSION, run, "bench", pod, region, region, region + "-a", index,
        "node-" + region, "2026-11-26T04:00:00.000Z", 1_000_000L, null, results, null);
  }
}
