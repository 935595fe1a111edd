package dev.regatta.runner.bench;

import dev.regatta.runner.live.IntervalLog;
import dev.regatta.runner.live.LiveRecording;
import dev.regatta.runner.record.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the load loop adds to every request: read the clock around it and record the latency into the
 * thread's Recorder (HdrHistogram). Latencies are drawn from a realistic spread (50 µs .. 50 ms, log-uniform)
 * so the histogram's buckets are touched as in a real run, not one hot counter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecorderBench {
  private static final int MASK = 4095;
  private Recorder recorder;
  /** A load thread's recorder while live intervals are on: the window's histogram plus the interval's. */
  private Recorder liveRecorder;
  private LiveRecording live;
  private final long[] latencies = new long[MASK + 1];
  private int i;

  @Setup(Level.Iteration)
  public void setUp() {
    recorder = new Recorder();
    // the default 5 s interval: the ticker swaps this thread's interval buffers during the measurement, as in a run
    live = new LiveRecording(Duration.ofSeconds(5), new IntervalLog());
    LiveRecording.install(live);
    LiveRecording.windowStarting("bench", Map.of(), 0, Instant.now());
    liveRecorder = Recorder.measuring();
    Random rnd = new Random(42);
    for (int k = 0; k < latencies.length; k++) {
      latencies[k] = (long) Math.exp(Math.log(50) + rnd.nextDouble() * (Math.log(50_000) - Math.log(50)));
    }
  }

  /** Recording alone. */
  @Benchmark
  public void recordSuccess() {
    recorder.success(latencies[i++ & MASK], 100);
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    LiveRecording.windowEnded();
    live.close();
  }

  /** Recording with live intervals on (issue 13's goal: at most 5 ns, 0 bytes). */
  @Benchmark
  public void recordSuccessLive() {
    liveRecorder.success(latencies[i++ & MASK], 100);
  }

  /** Recording plus the two clock reads that measure a request, as LoadDriver does. */
  @Benchmark
  public void timedRecord() {
    long t0 = System.nanoTime();
    long t1 = System.nanoTime();
    recorder.success((t1 - t0) / 1000 + latencies[i++ & MASK], 100);
  }

  /** A pipelined batch of 16 recorded at once (redis -P 16). */
  @Benchmark
  public void recordBatchOf16() {
    recorder.success(latencies[i++ & MASK], 1600, 16);
  }
}
