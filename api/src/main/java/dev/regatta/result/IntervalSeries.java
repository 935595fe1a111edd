package dev.regatta.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A measured window's time series (docs/PROTOCOL.md, "Time series"): its figures per interval, oldest first,
 * adding up exactly to the window's row. Versioned on its own so that a reader can refuse a shape it does not
 * know while still reading the rest of the document; documents written before series existed have none.
 *
 * @param version {@link #VERSION}
 * @param intervalMillis the length of every interval but the window's last (after coarsening: the coarser length)
 * @param intervals the intervals, oldest first, end to end
 */
public record IntervalSeries(int version, long intervalMillis, List<SeriesInterval> intervals) {
  public static final int VERSION = 1;

  public IntervalSeries {
    // a null element is kept for SeriesCheck to name, rather than failing the whole document's read here
    intervals = intervals == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(intervals));
  }

  /**
   * The same series at {@code factor} times the interval: each run of {@code factor} neighbouring intervals
   * merged into one (counts added, histograms added), so nothing is lost but resolution in time.
   */
  public IntervalSeries coarsened(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be at least 1: " + factor);
    }
    if (factor == 1) {
      return this;
    }
    List<SeriesInterval> out = new ArrayList<>((intervals.size() + factor - 1) / factor);
    for (int i = 0; i < intervals.size(); i += factor) {
      out.add(SeriesInterval.merge(intervals.subList(i, Math.min(intervals.size(), i + factor))));
    }
    return new IntervalSeries(version, Math.multiplyExact(intervalMillis, factor), out);
  }
}
