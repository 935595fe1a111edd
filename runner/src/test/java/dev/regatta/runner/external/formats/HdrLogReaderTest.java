package dev.regatta.runner.external.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.Histograms;
import dev.regatta.runner.record.Recorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

class HdrLogReaderTest {
  private static final long T0_MS = 1_764_300_000_000L;

  /** A log as a tool writes it: StartTime, then one interval histogram a second, latencies in microseconds. */
  private static String log(Histogram... intervals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HistogramLogWriter w = new HistogramLogWriter(new PrintStream(out, true, StandardCharsets.UTF_8));
    w.outputLogFormatVersion();
    w.outputStartTime(T0_MS);
    w.setBaseTime(T0_MS);
    w.outputLegend();
    for (Histogram h : intervals) {
      w.outputIntervalHistogram(h);
    }
    w.close();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Histogram interval(int second, long seed, long max) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    Random random = new Random(seed);
    for (int i = 0; i < 1000; i++) {
      h.recordValue(1 + (long) (random.nextDouble() * max));
    }
    h.setStartTimeStamp(T0_MS + second * 1000L);
    h.setEndTimeStamp(T0_MS + second * 1000L + 1000);
    return h;
  }

  private static Recorder read(String text, long startMs, long endMs, double unitMicros) throws Exception {
    Recorder r = new Recorder();
    new HdrLogReader(unitMicros).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        new ToolRecords(r, startMs * 1000, endMs * 1000));
    return r;
  }

  @Test
  void intervalsInTheWindowAddUpExactlyToTheToolsOwnSum() throws Exception {
    Histogram warmup = interval(0, 1, 50_000_000);
    Histogram a = interval(1, 2, 20_000);
    Histogram b = interval(2, 3, 2_000_000);
    Histogram after = interval(3, 4, 50_000_000);
    Recorder r = read(log(warmup, a, b, after), T0_MS + 1000, T0_MS + 3000, 1);
    Histogram expected = Histograms.newHistogram();
    expected.add(a);
    expected.add(b);
    assertEquals(2000, r.count());
    assertEquals(expected, r.histogram(), "the same buckets with the same counts");
    assertEquals(expected.getValueAtPercentile(99), r.histogram().getValueAtPercentile(99));
  }

  @Test
  void nanosecondLogsAreConvertedToMicroseconds() throws Exception {
    Histogram ns = new Histogram(3_600_000_000_000L, 3);
    ns.recordValueWithCount(5_000_000, 10); // 5 ms
    ns.setStartTimeStamp(T0_MS);
    Recorder r = read(log(ns), T0_MS, T0_MS + 1000, 0.001);
    assertEquals(10, r.count());
    assertEquals(5000, r.histogram().getValueAtPercentile(50), 5);
  }

  @Test
  void emptyGarbageAndTruncatedLogsAreClearErrors() {
    assertMalformed("", "no interval histogram");
    assertMalformed("{\"t_ms\": 1, \"latency_ms\": 2}\n", "");
    String whole = log(interval(0, 1, 1000));
    String cut = whole.substring(0, whole.length() - 40);
    assertMalformed(cut, "interval 1");
  }

  @Test
  void aHugeLineIsRefusedBeforeTheLibraryBuffersItWhole() {
    String huge = log(interval(0, 1, 1000)) + "0.0,1.0,1.0,HISTFAAA" + "A".repeat(3 * HdrLogReader.MAX_LINE_BYTES);
    assertMalformed(huge, "longer than " + HdrLogReader.MAX_LINE_BYTES + " bytes");
  }

  private static void assertMalformed(String text, String expected) {
    MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> read(text, T0_MS, T0_MS + 1000, 1));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
