package dev.regatta.runner.external.formats;

import java.io.IOException;
import java.io.InputStream;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * An HdrHistogram interval log (the format HistogramLogWriter writes in Java, Python, Go and C), read with
 * HdrHistogram's own HistogramLogReader. Values are in the tool's unit ({@code unitMicros} microseconds per
 * unit); each interval is windowed by its start time (the log's StartTime/BaseTime plus the interval's offset).
 */
public final class HdrLogReader implements ResultsReader {
  /** An interval line is a few KiB of base64; HistogramLogReader's Scanner would buffer any line whole. */
  static final int MAX_LINE_BYTES = 1 << 20;
  private final double unitMicros;

  public HdrLogReader(double unitMicros) {
    this.unitMicros = unitMicros;
  }

  @Override
  public void read(InputStream in, ToolRecords into) throws IOException, MalformedResultsException {
    LineGuard guard = new LineGuard(in, MAX_LINE_BYTES);
    try {
      readGuarded(guard, into);
    } finally {
      if (guard.tooLong) {
        // The library's Scanner takes the guard's IOException for the end of the input: say what it was.
        throw new MalformedResultsException("a line is longer than " + MAX_LINE_BYTES + " bytes: not an HdrHistogram log");
      }
    }
  }

  private void readGuarded(InputStream in, ToolRecords into) throws MalformedResultsException {
    HistogramLogReader reader = new HistogramLogReader(in);
    int intervals = 0;
    while (true) {
      EncodableHistogram h;
      try {
        h = reader.nextIntervalHistogram();
      } catch (RuntimeException e) {
        // The library reports a bad line or a bad encoding as whatever its parser threw.
        throw new MalformedResultsException("interval " + (intervals + 1) + " is not a valid HdrHistogram log line: "
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Numbers.abbreviate(e.getMessage())));
      }
      if (h == null) {
        break;
      }
      intervals++;
      if (!(h instanceof AbstractHistogram ah)) {
        throw new MalformedResultsException("interval " + intervals + " is a DoubleHistogram; only integer histograms "
            + "(HdrHistogram's Histogram, as latency logs use) are read");
      }
      into.interval(h.getStartTimeStamp() * 1000, ah, unitMicros);
    }
    if (intervals == 0) {
      throw new MalformedResultsException("no interval histogram in the log (empty, or not an HdrHistogram log)");
    }
  }

  /** Fails a read once a line exceeds {@code max} bytes, and remembers that it did. */
  private static final class LineGuard extends java.io.FilterInputStream {
    private final int max;
    private int run;
    boolean tooLong;

    LineGuard(InputStream in, int max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      for (int i = off; i < off + n; i++) {
        run = b[i] == '\n' ? 0 : run + 1;
        if (run > max) {
          tooLong = true;
          throw new IOException("line too long");
        }
      }
      return n;
    }
  }
}
