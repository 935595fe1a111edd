package dev.regatta.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A load tool of the kind HdrHistogram's ports make easy to write: it logs one interval histogram (microseconds)
 * a second with HistogramLogWriter, from the warm-up (the second before the window) to the end of the window it is
 * told; the reader keeps the intervals that start inside the window. The latencies are drawn
 * at random; the tool also writes each value it logged inside the window to args[0]/PID.txt, so the test can
 * pool them itself.
 */
public final class HdrLogTool {
  static final int PER_INTERVAL = 400;

  public static void main(String[] args) throws Exception {
    long start = Long.parseLong(System.getenv("REGATTA_MEASURED_START_EPOCH_MS"));
    long end = Long.parseLong(System.getenv("REGATTA_MEASURED_END_EPOCH_MS"));
    long warmupStart = start - 1000;
    Random random = new Random(ProcessHandle.current().pid());
    StringBuilder inWindow = new StringBuilder();
    try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(System.getenv("REGATTA_RESULTS"))))) {
      HistogramLogWriter log = new HistogramLogWriter(out);
      log.outputLogFormatVersion();
      log.outputStartTime(warmupStart);
      log.setBaseTime(warmupStart);
      log.outputBaseTime(warmupStart);
      log.outputLegend();
      for (long t = warmupStart; t < end; t += 1000) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < PER_INTERVAL; i++) {
          long us = 100 + (long) (random.nextDouble() * random.nextDouble() * 50_000);
          h.recordValue(us);
          if (t >= start) {
            inWindow.append(us).append('\n');
          }
        }
        h.setStartTimeStamp(t);
        h.setEndTimeStamp(t + 1000);
        log.outputIntervalHistogram(h);
      }
    }
    Files.writeString(Path.of(args[0]).resolve(ProcessHandle.current().pid() + ".txt"), inWindow);
  }
}
