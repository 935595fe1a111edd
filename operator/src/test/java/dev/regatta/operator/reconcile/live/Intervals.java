package dev.regatta.operator.reconcile.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.live.LiveAnswer;
import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Runner-side intervals for the operator's tests, built as a runner builds them: raw latencies into a histogram. */
final class Intervals {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Intervals() {}

  /** Latencies a pod measured in one interval: log-uniform between 50 µs and 50 ms, with a slow tail of its own. */
  static long[] latencies(long seed, int n, long tailMicros) {
    Random rnd = new Random(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = i % 97 == 0 ? tailMicros : (long) Math.exp(Math.log(50) + rnd.nextDouble() * Math.log(1000));
    }
    return out;
  }

  static LiveInterval interval(long seq, long index, String scenario, long startMillis, long[] latencies, long bytes) {
    Histogram h = Histograms.newHistogram();
    for (long v : latencies) {
      Histograms.recordMicros(h, v);
    }
    return new LiveInterval(seq, index, scenario, Map.of("size", "64"), 0, startMillis, startMillis + 2000, false,
        latencies.length, latencies.length / 10, 3, bytes, null, null, Histograms.encode(h));
  }

  static byte[] answer(String instance, List<LiveInterval> intervals) throws Exception {
    long latest = intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).seq();
    return JSON.writeValueAsBytes(new LiveAnswer(LiveAnswer.VERSION, instance, 2000, 1, latest, intervals));
  }
}
