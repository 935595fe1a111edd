package dev.regatta.runner.cli;

import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import dev.regatta.units.Humanize;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The CLI's line per live interval while a window runs, as k6 and wrk2 users expect on a long run:
 * {@code [10s] get valueSize=64: 12.3k ops/s, 0.79 MB/s, p50 1.20ms, p99 4.50ms, 0 errors, 0 dropped}. The window's
 * final (partial) interval prints nothing: the summary follows at once. Called on the ticker's thread.
 */
final class ProgressLine implements Consumer<LiveInterval> {
  private final PrintWriter err;
  private long windowStart;

  ProgressLine(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void accept(LiveInterval i) {
    if (i.index() == 0) {
      windowStart = i.startMillis();
    }
    if (i.last()) {
      return;
    }
    err.println(format(i, windowStart));
    err.flush();
  }

  static String format(LiveInterval i, long windowStart) {
    double secs = Math.max(1, i.endMillis() - i.startMillis()) / 1000.0;
    Histogram h = Histograms.decode(i.histogram());
    boolean any = h.getTotalCount() > 0;
    return String.format(Locale.ROOT, "regatta: [%ds] %s%s: %s, %s, p50 %s, p99 %s, %d errors, %d dropped",
        Math.round((i.endMillis() - windowStart) / 1000.0), i.scenario(), params(i.params()),
        Humanize.rate(i.count() / secs, "ops/s"), Humanize.megabytes(i.bytes() / secs),
        any ? Humanize.micros(h.getValueAtPercentile(50)) : "-", any ? Humanize.micros(h.getValueAtPercentile(99)) : "-",
        i.errors(), i.dropped());
  }

  private static String params(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    if (params != null) {
      params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    }
    return b.toString();
  }
}
