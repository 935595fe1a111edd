package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One interval of a window's time series: the same figures as the window's row, for the operations completed in
 * {@code [offsetMillis, offsetMillis + durationMillis)} after the window's measured start. Every interval of a
 * window adds up exactly to the window (counts add, histograms add).
 *
 * @param offsetMillis when the interval began, in milliseconds after the window's measured start
 * @param durationMillis how long it lasted (the window's last interval is usually shorter)
 * @param errorsByType the part of {@code errors} of each type; null when there were none
 * @param histogram base64 HdrHistogram V2 compressed, microseconds ({@link Histograms}); holds {@code count} values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesInterval(long offsetMillis, long durationMillis, long count, long errors,
    Map<String, Long> errorsByType, long dropped, long bytes, Long bytesSent, Long bytesReceived, String histogram) {

  /**
   * Neighbouring intervals as one: their time end to end, their counts and histograms added (exact). The
   * histograms must be readable (a checked series, or the runner's own).
   */
  public static SeriesInterval merge(List<SeriesInterval> neighbours) {
    if (neighbours.size() == 1) {
      return neighbours.get(0);
    }
    SeriesInterval first = neighbours.get(0);
    SeriesInterval last = neighbours.get(neighbours.size() - 1);
    Histogram h = Histograms.newHistogram();
    long count = 0;
    long errors = 0;
    long dropped = 0;
    long bytes = 0;
    Long sent = null;
    Long received = null;
    Map<String, Long> byType = new TreeMap<>();
    try (EncodedHistogramReader reader = new EncodedHistogramReader()) {
      for (SeriesInterval i : neighbours) {
        reader.read(i.histogram());
        reader.addTo(h);
      }
    }
    for (SeriesInterval i : neighbours) {
      count = Math.addExact(count, i.count());
      errors = Math.addExact(errors, i.errors());
      dropped = Math.addExact(dropped, i.dropped());
      bytes = Math.addExact(bytes, i.bytes());
      sent = plus(sent, i.bytesSent());
      received = plus(received, i.bytesReceived());
      if (i.errorsByType() != null) {
        i.errorsByType().forEach((k, v) -> byType.merge(k, v, Math::addExact));
      }
    }
    return new SeriesInterval(first.offsetMillis(), last.offsetMillis() + last.durationMillis() - first.offsetMillis(),
        count, errors, byType.isEmpty() ? null : byType, dropped, bytes, sent, received, Histograms.encode(h));
  }

  private static Long plus(Long a, Long b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return Math.addExact(a, b);
  }
}
