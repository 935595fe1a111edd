package dev.regatta.runner.live;

import dev.regatta.result.Histograms;
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

  public void add(IntervalCounts o) {
    histogram.add(o.histogram);
    count += o.count;
    errors += o.errors;
    dropped += o.dropped;
    bytes += o.bytes;
    bytesSent += o.bytesSent;
    bytesReceived += o.bytesReceived;
    wireCounted |= o.wireCounted;
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
  }

  public Histogram histogram() { return histogram; }
  public long count() { return count; }
  public long errors() { return errors; }
  public long dropped() { return dropped; }
  public long bytes() { return bytes; }
  public Long bytesSent() { return wireCounted ? bytesSent : null; }
  public Long bytesReceived() { return wireCounted ? bytesReceived : null; }
}
