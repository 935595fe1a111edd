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
  private final double unitMicros;

  public HdrLogReader(double unitMicros) {
    this.unitMicros = unitMicros;
  }

  @Override
  public void read(InputStream in, ToolRecords into) throws IOException, MalformedResultsException {
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
}
