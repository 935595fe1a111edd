package dev.regatta.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.result.EncodedHistogramReader;
import dev.regatta.result.Histograms;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ResultMerger;
import dev.regatta.result.ScenarioResult;
import java.nio.charset.StandardCharsets;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator's merge at scale: 1,000 pods × 50 matrix points (goal < 1 s, < 256 MiB heap), the status it
 * produces, and how merge time grows with pods. Runs only from `make bench` (-Pbench).
 */
@Tag("bench")
class MergeBench {
  static final int POINTS = 50;
  static final int REGIONS = 5;
  static final int DISTINCT_HISTOGRAMS = 32;

  /** Realistic latency histograms (5,000 samples each, a 200 µs body and a 3% tail to 50 ms), encoded once. */
  static final String[] HISTOGRAMS = new String[DISTINCT_HISTOGRAMS];

  static {
    Random rnd = new Random(7);
    for (int i = 0; i < HISTOGRAMS.length; i++) {
      Histogram h = Histograms.newHistogram();
      for (int k = 0; k < 5_000; k++) {
        long v = rnd.nextInt(100) < 3 ? 2_000 + rnd.nextInt(48_000) : 100 + (long) (rnd.nextGaussian() * 30 + 100 + i);
        Histograms.recordMicros(h, v);
      }
      HISTOGRAMS[i] = Histograms.encode(h);
    }
  }

  /** Pod {@code i}'s document: 50 points (10 buffer sizes × 5 clients), one repeat, region i % 5. */
  static ResultDocument pod(int i) {
    List<ScenarioResult> results = new ArrayList<>(POINTS);
    for (int p = 0; p < POINTS; p++) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("bufferSize", Long.toString(1L << (12 + p / 5)));
      params.put("client", "c" + (p % 5));
      results.add(new ScenarioResult("read", params, 0, 5_000, 0, null, 0, 10.0, 500.0, 0, 0, null,
          HISTOGRAMS[(i * 31 + p) % DISTINCT_HISTOGRAMS], null, null, null));
    }
    String region = "region-" + (i % REGIONS);
    return new ResultDocument(ResultDocument.FORMAT_VERSION, "scale", "bench", "scale-" + i, "g" + (i % 10), region,
        null, i / 10, "node-" + i, null, 0L, null, results, null);
  }

  /** n pods' documents, made as the merge asks for them: the input costs no heap of its own. */
  static java.util.Collection<ResultDocument> lazyPods(int n) {
    return new AbstractCollection<>() {
      @Override
      public Iterator<ResultDocument> iterator() {
        return new Iterator<>() {
          int i;

          @Override
          public boolean hasNext() {
            return i < n;
          }

          @Override
          public ResultDocument next() {
            return pod(i++);
          }
        };
      }

      @Override
      public int size() {
        return n;
      }
    };
  }

  @Test
  void mergeAtScale() {
    int big = BenchOut.quick() ? 1_000 : 10_000;
    // JIT warm-up on the same code path
    for (int i = 0; i < 3; i++) {
      ResultMerger.merge(lazyPods(200));
    }
    List<ResultDocument> thousand = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      thousand.add(pod(i));
    }
    long inputJsonBytes = thousand.stream().mapToLong(d -> ResultJson.write(d).getBytes(StandardCharsets.UTF_8).length)
        .sum();

    // 1,000 pods x 50 points, documents in memory as the operator holds them after reading
    long[] times = new long[BenchOut.quick() ? 1 : 3];
    long allocated = 0;
    long peak = 0;
    long before = 0;
    ResultMerger.Merged merged = null;
    for (int r = 0; r < times.length; r++) {
      merged = null; // the previous result must not count as "before"
      before = BenchOut.settleHeap();
      long a0 = BenchOut.allocatedBytes();
      long t0 = System.nanoTime();
      merged = ResultMerger.merge(thousand);
      times[r] = System.nanoTime() - t0;
      allocated = BenchOut.allocatedBytes() - a0;
      peak = BenchOut.peakHeapBytes();
    }
    long liveAfter = BenchOut.settleHeap(); // the merged rows and their pooled histograms still referenced
    long maxHeap = Runtime.getRuntime().maxMemory();
    assertEquals(POINTS, merged.rows().size());
    assertEquals(1_000, merged.pods());
    Arrays.sort(times);
    double medianMs = times[times.length / 2] / 1e6;
    double bestMs = times[0] / 1e6;

    BenchmarkRunStatus status = new BenchmarkRunStatus();
    status.setResults(merged.rows());
    long statusBytes;
    try {
      statusBytes = ResultJson.mapper().writeValueAsBytes(status).length;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }

    // where the time goes: one histogram's share of the merge (the merge's path), and the library's way
    String h0 = HISTOGRAMS[0];
    int reps = 2_000;
    Histogram acc = Histograms.newHistogram();
    int nonEmpty;
    long tRead;
    long tAddTo;
    try (EncodedHistogramReader reader = new EncodedHistogramReader()) {
      nonEmpty = reader.read(h0);
      long b0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        reader.read(h0);
      }
      tRead = System.nanoTime() - b0;
      b0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        reader.addTo(acc);
      }
      tAddTo = System.nanoTime() - b0;
    }
    long b0 = System.nanoTime();
    for (int i = 0; i < reps / 10; i++) {
      acc.add(Histograms.decode(h0));
    }
    long tLibrary = (System.nanoTime() - b0) * 10;

    StringBuilder md = new StringBuilder();
    md.append("\n## Merge: 1,000 pods × 50 matrix points\n\n");
    md.append("Each pod's document holds 50 points (one repeat, 5,000-sample histograms); 5 regions. Input as "
        + "JSON: ").append(BenchOut.mib(inputJsonBytes)).append(" (").append(inputJsonBytes / 1000 / 1000)
        .append(" KB per pod). Heap before: ").append(BenchOut.mib(before)).append(" (inputs included).\n\n");
    md.append("| figure | measured | goal |\n|---|---:|---:|\n");
    md.append(String.format(Locale.ROOT, "| merge time (median of runs; best) | %.0f ms (%.0f ms) | < 1,000 ms %s |%n",
        medianMs, bestMs, medianMs < 1000 ? "met" : "**missed**"));
    md.append(String.format(Locale.ROOT, "| heap the merge keeps (live after GC, result held, minus before) | %s | |%n",
        BenchOut.mib(liveAfter - before)));
    md.append(String.format(Locale.ROOT, "| heap peak during the merge (sum of pool peaks, garbage included) | %s | |%n",
        BenchOut.mib(peak)));
    md.append(String.format(Locale.ROOT, "| runs within a heap of (-Xmx) | %s | < 256 MiB %s |%n",
        BenchOut.mib(maxHeap), maxHeap <= 256L * 1048576 ? "met" : "not checked (heap larger)"));
    md.append(String.format(Locale.ROOT, "| allocated by the merge | %s | |%n", BenchOut.mib(allocated)));
    md.append(String.format(Locale.ROOT, "| status.results for this run (JSON) | %.1f KiB | far below 1.5 MiB (etcd object limit) |%n",
        statusBytes / 1024.0));

    md.append(String.format(Locale.ROOT, "%nWhere the time goes, per histogram (%d in this merge): "
        + "EncodedHistogramReader.read (base64, inflate, walk the counts) %.1f µs, addTo the row's sum %.1f µs "
        + "(%d non-empty buckets; done twice, the fleet row and the region row). The library's way, "
        + "Histograms.decode then add (a full 1 µs..1 h, 3-digit histogram per document), costs %.1f µs once. "
        + "Base64 size of one histogram: %d bytes.%n",
        1_000 * POINTS, tRead / 1e3 / reps, tAddTo / 1e3 / reps, nonEmpty, tLibrary / 1e3 / reps, h0.length()));
    md.append("\n### Merge time against pods (50 points each, documents generated as the merge reads them)\n\n");
    md.append("| pods | histograms added | merge time | per pod |\n|---:|---:|---:|---:|\n");
    for (int n : new int[] {100, 1_000, big}) {
      ResultMerger.merge(lazyPods(Math.min(n, 200)));
      long t0 = System.nanoTime();
      ResultMerger.Merged m = ResultMerger.merge(lazyPods(n));
      long t = System.nanoTime() - t0;
      assertEquals(n, m.pods());
      md.append(String.format(Locale.ROOT, "| %,d | %,d | %.0f ms | %.2f ms |%n", n, (long) n * POINTS, t / 1e6,
          t / 1e6 / n));
    }
    BenchOut.append(md.toString());
  }
}
