package dev.regatta.runner.external.formats;

import dev.regatta.result.Histograms;
import dev.regatta.runner.record.Recorder;
import java.util.HashSet;
import java.util.Set;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Where a reader puts what a tool measured: the records whose send time falls in the measured window go into a
 * {@link Recorder} (so the result document is built exactly as for the built-in workloads); those before it are
 * warm-up, those after it outlived the window, and both are only counted as skipped.
 *
 * <p>The window is in epoch microseconds, [start, end): tools stamp records with the wall clock, and the start
 * instant the fleet shares is a wall-clock instant too.
 */
public final class ToolRecords {
  /** Error types are the tool's own strings: bounded in length and number so status stays small and printable. */
  static final int MAX_ERROR_TYPE_LENGTH = 64;
  static final int MAX_ERROR_TYPES = 32;
  static final String OTHER_ERROR = "other";

  private final Recorder recorder;
  private final long startEpochMicros;
  private final long endEpochMicros;
  private final Set<String> errorTypes = new HashSet<>();
  private long skipped;
  private long records;
  private boolean wire;
  private long bytesIn;
  private long bytesOut;

  public ToolRecords(Recorder recorder, long startEpochMicros, long endEpochMicros) {
    this.recorder = recorder;
    this.startEpochMicros = startEpochMicros;
    this.endEpochMicros = endEpochMicros;
  }

  /** Everything counts: for tests and for formats read without a window. */
  public static ToolRecords unwindowed(Recorder recorder) {
    return new ToolRecords(recorder, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public boolean inWindow(long epochMicros) {
    return epochMicros >= startEpochMicros && epochMicros < endEpochMicros;
  }

  /**
   * One request the tool made, sent at {@code epochMicros}, that took {@code latencyMicros}; {@code errorType} is
   * null for a success. Byte counts below zero mean "not reported".
   */
  public void request(long epochMicros, long latencyMicros, String errorType, long in, long out) {
    records++;
    if (!inWindow(epochMicros)) {
      skipped++;
      return;
    }
    long payload = Math.max(0, in) + Math.max(0, out);
    if (errorType == null) {
      recorder.success(latencyMicros, payload);
    } else {
      recorder.failure(errorType(errorType), latencyMicros, 1);
    }
    if (in >= 0 || out >= 0) {
      wire = true;
      bytesIn += Math.max(0, in);
      bytesOut += Math.max(0, out);
    }
  }

  /**
   * One interval of an HdrHistogram log that began at {@code startEpochMicros}, its values in the tool's unit
   * ({@code unitMicros} microseconds per unit; 0.001 for nanoseconds). An interval is measured when it starts in
   * the window: a log has no finer time than its intervals.
   */
  public void interval(long intervalStartEpochMicros, AbstractHistogram h, double unitMicros) {
    records += h.getTotalCount();
    if (!inWindow(intervalStartEpochMicros)) {
      skipped += h.getTotalCount();
      return;
    }
    for (HistogramIterationValue v : h.recordedValues()) {
      // The bucket's lowest value: re-recorded at the same precision it lands in the same bucket, so adding
      // microsecond logs is exact, as adding two of our own histograms is.
      long value = h.lowestEquivalentValue(v.getValueIteratedTo());
      recorder.successes(Math.round(value * unitMicros), v.getCountAtValueIteratedTo());
    }
  }

  /** Pushes the byte totals into the recorder; call once, after the whole file is read. */
  public void finish() {
    if (wire) {
      recorder.wire(bytesOut, bytesIn);
    }
  }

  /** Records the file held, in the window or not. */
  public long records() {
    return records;
  }

  /** Records outside the measured window (warm-up, or after it). */
  public long skipped() {
    return skipped;
  }

  private String errorType(String raw) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < raw.length() && b.length() < MAX_ERROR_TYPE_LENGTH; i++) {
      char c = raw.charAt(i);
      b.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' ? c : '_');
    }
    String type = b.isEmpty() ? "error" : b.toString();
    if (!errorTypes.contains(type) && errorTypes.size() >= MAX_ERROR_TYPES) {
      return OTHER_ERROR;
    }
    errorTypes.add(type);
    return type;
  }
}
