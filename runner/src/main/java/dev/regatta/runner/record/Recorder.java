package dev.regatta.runner.record;

import dev.regatta.result.Histograms;
import dev.regatta.runner.live.IntervalRecorder;
import dev.regatta.runner.live.LiveRecording;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one load thread measured in one window. Owned by exactly one thread while the window runs, so it
 * takes no locks; the engine adds the recorders up after the threads have finished (a happens-before edge
 * through Thread.join or the latch the engine waits on). Recording a success allocates nothing.
 *
 * <p>Definitions (see docs/MEASUREMENT.md): {@code count} is every operation that was executed and
 * completed, successfully or not; {@code errors} is the part of {@code count} that failed; every counted
 * operation has its latency in the histogram (so the histogram's total equals {@code count});
 * {@code dropped} operations were never executed and are not in {@code count} or the histogram.
 */
public final class Recorder {
  private final Histogram histogram = Histograms.newHistogram();
  /** The same operations, for the live intervals of the window being measured; null when nothing records live. */
  private final IntervalRecorder live;
  private long count;
  private long errors;
  private long bytes;
  private long dropped;
  // Errors are the rare path; a small map allocated lazily per error type is fine there.
  private final Map<String, long[]> errorsByType = new HashMap<>();
  /** Bytes the connections moved in measured operations; wireCounted once any connection reported them. */
  private long bytesSent;
  private long bytesReceived;
  private boolean wireCounted;
  /** Response checks: names as the workload declares them, passes and fails by index (allocated once). */
  private String[] checkNames;
  private long[] checkPasses;
  private long[] checkFails;

  /** A recorder for totals and tests: records nothing live. */
  public Recorder() {
    this(null);
  }

  private Recorder(IntervalRecorder live) {
    this.live = live;
  }

  /** A load thread's recorder for the window being measured: also records live intervals when the runner does. */
  public static Recorder measuring() {
    return new Recorder(LiveRecording.attach());
  }

  /** One (or {@code ops} pipelined) successful operation(s) that took {@code micros} and moved {@code bytes}. */
  public void success(long micros, long bytes, int ops) {
    long v = Histograms.clampMicros(micros);
    histogram.recordValueWithCount(v, ops);
    count += ops;
    this.bytes += bytes;
    if (live != null) {
      live.success(v, bytes, ops);
    }
  }

  /** {@code n} successful operations of one latency, as an external tool's histogram reports them. */
  public void successes(long micros, long n) {
    long v = Histograms.clampMicros(micros);
    histogram.recordValueWithCount(v, n);
    count += n;
  }

  public void success(long micros, long bytes) {
    success(micros, bytes, 1);
  }

  /** A failed operation of the given type that took {@code micros} before it failed. */
  public void failure(String type, long micros, int ops) {
    long v = Histograms.clampMicros(micros);
    histogram.recordValueWithCount(v, ops);
    count += ops;
    errors += ops;
    errorsByType.computeIfAbsent(type, t -> new long[1])[0] += ops;
    if (live != null) {
      live.failure(type, v, ops);
    }
  }

  /** Bytes a connection sent and received for measured operations (see ConnectionCounters). */
  public void wire(long sent, long received) {
    bytesSent += sent;
    bytesReceived += received;
    wireCounted = true;
    if (live != null) {
      live.wire(sent, received);
    }
  }

  /** Passes and fails of the named checks, by index, for measured operations. */
  public void checks(String[] names, long[] passes, long[] fails) {
    if (checkNames == null) {
      checkNames = names;
      checkPasses = new long[names.length];
      checkFails = new long[names.length];
    }
    for (int i = 0; i < names.length && i < checkPasses.length; i++) {
      checkPasses[i] += passes[i];
      checkFails[i] += fails[i];
    }
  }

  /** An open-model operation that could not start in time and was not executed. */
  public void drop() {
    drop(1);
  }

  /** {@code n} open-model operations that were not executed (a pipelined batch of n that was due). */
  public void drop(int n) {
    dropped += n;
    if (live != null) {
      live.drop(n);
    }
  }

  public Histogram histogram() { return histogram; }
  public long count() { return count; }
  public long errors() { return errors; }
  public long bytes() { return bytes; }
  public long dropped() { return dropped; }

  /** Bytes sent in measured operations; null when no connection counted them. */
  public Long bytesSent() { return wireCounted ? bytesSent : null; }
  public Long bytesReceived() { return wireCounted ? bytesReceived : null; }

  /** Check name -> passes and fails, in declared order; null without checks. */
  public Map<String, dev.regatta.result.CheckCount> checks() {
    if (checkNames == null) {
      return null;
    }
    Map<String, dev.regatta.result.CheckCount> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < checkNames.length; i++) {
      out.put(checkNames[i], new dev.regatta.result.CheckCount(checkPasses[i], checkFails[i]));
    }
    return out;
  }

  /** Adds another recorder's figures into this one (after both threads are done). */
  public void add(Recorder other) {
    histogram.add(other.histogram);
    count += other.count;
    errors += other.errors;
    bytes += other.bytes;
    dropped += other.dropped;
    other.errorsByType.forEach((k, v) -> errorsByType.computeIfAbsent(k, t -> new long[1])[0] += v[0]);
    if (other.wireCounted) {
      // not through wire(): what other recorded went to its own live interval already
      bytesSent += other.bytesSent;
      bytesReceived += other.bytesReceived;
      wireCounted = true;
    }
    if (other.checkNames != null) {
      checks(other.checkNames, other.checkPasses, other.checkFails);
    }
  }

  /** Errors by type, sorted by name for stable output. */
  public Map<String, Long> errorsByType() {
    Map<String, Long> out = new java.util.TreeMap<>();
    errorsByType.forEach((k, v) -> out.put(k, v[0]));
    return out;
  }
}
