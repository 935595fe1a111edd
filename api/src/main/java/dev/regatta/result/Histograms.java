package dev.regatta.result;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one latency histogram shape Regatta uses everywhere, and its wire form: base64 of HdrHistogram's
 * V2 compressed encoding. Every pod records with the same bounds, so histograms add up exactly.
 */
public final class Histograms {
  /** Lowest discernible value: 1 microsecond. */
  public static final long LOWEST_MICROS = 1;
  /** Highest trackable value: one hour, in microseconds. Larger values are clamped to it when recorded. */
  public static final long HIGHEST_MICROS = 3_600_000_000L;
  public static final int SIGNIFICANT_DIGITS = 3;

  private Histograms() {}

  public static Histogram newHistogram() {
    return new Histogram(LOWEST_MICROS, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  }

  /**
   * The same bucket layout (lowest 1 µs, {@value #SIGNIFICANT_DIGITS} digits), growing only as far as the largest
   * value added: equal percentiles to {@link #newHistogram()}'s, a fraction of its memory while latencies are short.
   */
  public static Histogram newGrowingHistogram() {
    return new Histogram(SIGNIFICANT_DIGITS);
  }

  /** Records a latency, clamped into the trackable range so that an outlier is counted rather than thrown. */
  public static void recordMicros(Histogram h, long micros) {
    h.recordValue(clampMicros(micros));
  }

  /** A latency inside the trackable range: an outlier is counted at the range's edge rather than thrown. */
  public static long clampMicros(long micros) {
    return Math.max(LOWEST_MICROS, Math.min(HIGHEST_MICROS, micros));
  }

  public static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int len = h.encodeIntoCompressedByteBuffer(buf);
    byte[] bytes = new byte[len];
    buf.flip();
    buf.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Decodes into a fresh full-range histogram (184 KiB). To sum many encoded histograms, use
   * {@link EncodedHistogramReader}, which adds them without materialising one each.
   */
  public static Histogram decode(String base64) {
    if (base64 == null || base64.isEmpty()) {
      return newHistogram();
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
      Histogram decoded = Histogram.decodeFromCompressedByteBuffer(buf, HIGHEST_MICROS);
      if (decoded.getLowestDiscernibleValue() == LOWEST_MICROS && decoded.getHighestTrackableValue() == HIGHEST_MICROS
          && decoded.getNumberOfSignificantValueDigits() == SIGNIFICANT_DIGITS) {
        // already our bounds (every runner's): a second full-range copy would only double the garbage and the walk
        return decoded;
      }
      // Normalise to our bounds so adding decoded histograms never resizes or loses precision.
      Histogram h = newHistogram();
      h.add(decoded);
      return h;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("histogram holds values beyond the trackable range (" + HIGHEST_MICROS
          + " µs): " + e.getMessage(), e);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a base64 HdrHistogram V2 compressed histogram: " + e.getMessage(), e);
    }
  }
}
