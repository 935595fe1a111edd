package dev.regatta.runner.live;

import dev.regatta.result.Histograms;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The figures of one live interval: a latency histogram and the counters beside it. Not thread-safe: an
 * {@link IntervalRecorder} hands one to exactly one writer at a time, and the reader adds it up only after the
 * writer has moved on (the phaser's flip is the happens-before edge).
 */
public final class IntervalCounts {
  final Histogram histogram = Histograms.newHistogram();
  long count;
  long errors;
  long dropped;
  long bytes;
  long bytesSent;
  long bytesReceived;
  boolean wireCounted;
  /** Errors by type; reset zeroes the counts and keeps the entries, so a type seen before allocates nothing. */
  final Map<String, long[]> errorsByType = new HashMap<>();

  public void add(IntervalCounts o) {
    histogram.add(o.histogram);
    count += o.count;
    errors += o.errors;
    dropped += o.dropped;
    bytes += o.bytes;
    bytesSent += o.bytesSent;
    bytesReceived += o.bytesReceived;
    wireCounted |= o.wireCounted;
    o.errorsByType.forEach((k, v) -> {
      if (v[0] != 0) {
        errorsByType.computeIfAbsent(k, t -> new long[1])[0] += v[0];
      }
    });
  }

  public void reset() {
    histogram.reset();
    count = 0;
    errors = 0;
    dropped = 0;
    bytes = 0;
    bytesSent = 0;
    bytesReceived = 0;
    wireCounted = false;
    errorsByType.values().forEach(v -> v[0] = 0);
  }

  public Histogram histogram() { return histogram; }
  public long count() { return count; }
  public long errors() { return errors; }
  public long dropped() { return dropped; }

  /** Errors by type, sorted by name; null when there were none. */
  public Map<String, Long> errorsByType() {
    Map<String, Long> out = new TreeMap<>();
    errorsByType.forEach((k, v) -> {
      if (v[0] != 0) {
        out.put(k, v[0]);
      }
    });
    return out.isEmpty() ? null : out;
  }
  public long bytes() { return bytes; }
  public Long bytesSent() { return wireCounted ? bytesSent : null; }
  public Long bytesReceived() { return wireCounted ? bytesReceived : null; }
}
