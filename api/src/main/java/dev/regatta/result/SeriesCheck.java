package dev.regatta.result;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Checks a window's time series before anything of it is used: a version this reader knows, intervals end to end
 * from offset 0 (never negative, never overlapping), sane counts, histograms that decode and hold exactly their
 * interval's count, and totals that add up exactly to the window's row. A series that fails is refused whole, with
 * a line saying what is wrong; the window's row does not depend on it.
 */
public final class SeriesCheck {
  private SeriesCheck() {}

  /** Throws IllegalArgumentException naming what is wrong with {@code r}'s series (none: nothing to check). */
  public static void check(ScenarioResult r) {
    IntervalSeries s = r.series();
    if (s == null) {
      return;
    }
    if (s.version() != IntervalSeries.VERSION) {
      throw bad(r, "series version " + s.version() + " is not " + IntervalSeries.VERSION);
    }
    if (s.intervalMillis() < 1) {
      throw bad(r, "series intervalMillis " + s.intervalMillis() + " is not positive");
    }
    long end = 0;
    long count = 0;
    long errors = 0;
    long dropped = 0;
    long bytes = 0;
    int n = 0;
    for (SeriesInterval i : s.intervals()) {
      String at = "interval " + n++ + ": ";
      if (i == null) {
        throw bad(r, at + "missing");
      }
      if (i.offsetMillis() < 0 || i.durationMillis() < 0) {
        throw bad(r, at + "negative offset or duration (" + i.offsetMillis() + ", " + i.durationMillis() + ")");
      }
      if (i.offsetMillis() < end) {
        throw bad(r, at + "starts at " + i.offsetMillis() + " ms, before the one before it ended (" + end + " ms)");
      }
      if (i.count() < 0 || i.errors() < 0 || i.dropped() < 0 || i.bytes() < 0 || i.errors() > i.count()) {
        throw bad(r, at + "impossible counts (count " + i.count() + ", errors " + i.errors() + ", dropped "
            + i.dropped() + ", bytes " + i.bytes() + ")");
      }
      if (i.errorsByType() != null) {
        long typed = 0;
        for (Map.Entry<String, Long> e : i.errorsByType().entrySet()) {
          if (e.getValue() == null || e.getValue() < 0) {
            throw bad(r, at + "errors of type " + e.getKey() + " is " + e.getValue());
          }
          typed = add(r, at, typed, e.getValue());
        }
        if (typed != i.errors()) {
          throw bad(r, at + "errors by type add up to " + typed + ", not to its " + i.errors() + " errors");
        }
      }
      Histogram h;
      try {
        h = Histograms.decode(i.histogram());
      } catch (IllegalArgumentException e) {
        throw bad(r, at + e.getMessage());
      }
      if (h.getTotalCount() != i.count()) {
        throw bad(r, at + "its histogram holds " + h.getTotalCount() + " values, its count is " + i.count());
      }
      end = add(r, at, i.offsetMillis(), i.durationMillis());
      count = add(r, at, count, i.count());
      errors = add(r, at, errors, i.errors());
      dropped = add(r, at, dropped, i.dropped());
      bytes = add(r, at, bytes, i.bytes());
    }
    if (count != r.count() || errors != r.errors() || dropped != r.dropped() || bytes != r.bytes()) {
      throw bad(r, "its intervals add up to count " + count + ", errors " + errors + ", dropped " + dropped
          + ", bytes " + bytes + "; the window has " + r.count() + ", " + r.errors() + ", " + r.dropped() + ", "
          + r.bytes());
    }
  }

  /**
   * True when {@code r}'s series counts add up to the window's (operations, errors, dropped, bytes): the cheap check
   * a writer makes of its own series, without decoding a histogram.
   */
  public static boolean addsUp(ScenarioResult r) {
    IntervalSeries s = r.series();
    if (s == null) {
      return false;
    }
    long count = 0;
    long errors = 0;
    long dropped = 0;
    long bytes = 0;
    for (SeriesInterval i : s.intervals()) {
      count += i.count();
      errors += i.errors();
      dropped += i.dropped();
      bytes += i.bytes();
    }
    return count == r.count() && errors == r.errors() && dropped == r.dropped() && bytes == r.bytes();
  }

  private static long add(ScenarioResult r, String at, long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw bad(r, at + "figures overflow a 64-bit count");
    }
  }

  private static IllegalArgumentException bad(ScenarioResult r, String what) {
    return new IllegalArgumentException("time series of " + r.name()
        + (r.params() == null || r.params().isEmpty() ? "" : " " + r.params()) + " repeat " + r.repeat() + ": " + what);
  }
}
