package dev.regatta.result;

import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;

/**
 * Adds wire-form histograms (base64 of HdrHistogram's V2 compressed encoding, see {@link Histograms}) into
 * running sums without building a histogram per document.
 *
 * <p>{@link Histograms#decode} allocates and zeroes a full-range histogram (23,552 counters) per document,
 * and adding it walks every counter. A real latency histogram has a few hundred non-empty buckets, so this
 * reader inflates the payload into a reused buffer, walks its ZigZag LEB128 counts (a negative word is a run
 * of that many empty buckets), and keeps only the non-empty buckets: each as the lowest value of its bucket
 * in the encoded histogram's own layout, and its count. {@link #addTo} records those with
 * {@code recordValueWithCount}, which is exactly what the library's {@code add} does for each non-empty
 * bucket of the other histogram, so the sum equals {@code sum.add(Histograms.decode(wire))} bucket for bucket
 * (tested in EncodedHistogramReaderTest). Encodings it does not read itself (older cookies, a normalising
 * index offset) go through {@link Histograms#decode}.
 *
 * <p>Not thread-safe: one reader per merge (or per thread), reused for every document.
 */
public final class EncodedHistogramReader implements AutoCloseable {
  /** V2 compressed encoding: cookie base 0x1c849304 with the V2 word-size marker 0x10. */
  static final int V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
  /** V2 uncompressed header cookie (inside the deflate stream). */
  static final int V2_COOKIE = 0x1c849303 | 0x10;
  /** cookie, payload length, normalizing index offset, digits (4 bytes each); lowest, highest, ratio (8 each). */
  static final int HEADER_BYTES = 40;

  private final Inflater inflater = new Inflater();
  private byte[] buf = new byte[4096];
  private long[] values = new long[256];
  private long[] counts = new long[256];
  private int buckets;
  /** Set when the last histogram went through the library's decode. */
  private Histogram fallback;

  // layout of the last header seen (every pod uses the same one, so this is computed once per merge)
  private long layoutLowest = -1;
  private int layoutDigits = -1;
  private int subBucketHalfCountMagnitude;
  private int unitMagnitude;

  /**
   * Reads one wire-form histogram, replacing the previous one. Null or empty is an empty histogram.
   *
   * @return the number of non-empty buckets read (for a histogram read through the library: 0 or 1 meaning
   *     "not empty"; only {@link #addTo} and {@link #totalCount} are meaningful then)
   * @throws IllegalArgumentException when it is not base64 of an HdrHistogram compressed histogram
   */
  public int read(String base64) {
    buckets = 0;
    fallback = null;
    if (base64 == null || base64.isEmpty()) {
      return 0;
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage(), e);
    }
    if (raw.length < 8 || intAt(raw, 0) != V2_COMPRESSED_COOKIE) {
      return readThroughLibrary(base64);
    }
    int compressedLength = intAt(raw, 4);
    if (compressedLength < 0 || compressedLength > raw.length - 8) {
      throw bad("compressed length " + compressedLength + " but " + (raw.length - 8) + " bytes follow", null);
    }
    inflater.reset();
    inflater.setInput(raw, 8, compressedLength);
    inflate(0, HEADER_BYTES, "header");
    int cookie = intAt(buf, 0);
    int payloadLength = intAt(buf, 4);
    int normalizingIndexOffset = intAt(buf, 8);
    int digits = intAt(buf, 12);
    long lowest = longAt(buf, 16);
    if (cookie != V2_COOKIE || normalizingIndexOffset != 0 || digits < 0 || digits > 5 || lowest < 1
        || lowest > Long.MAX_VALUE / 2 || payloadLength < 0) {
      return readThroughLibrary(base64);
    }
    if (buf.length < payloadLength) {
      buf = new byte[Math.max(payloadLength, buf.length * 2)];
    }
    inflate(0, payloadLength, "payload");
    layout(lowest, digits);
    walk(payloadLength);
    return buckets;
  }

  /** Adds the histogram last read into {@code sum} (a histogram of {@link Histograms#newHistogram()}'s shape). */
  public void addTo(Histogram sum) {
    if (fallback != null) {
      sum.add(fallback);
      return;
    }
    // largest bucket first: a value beyond the sum's range throws before anything was added
    try {
      for (int i = buckets - 1; i >= 0; i--) {
        sum.recordValueWithCount(values[i], counts[i]);
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("histogram holds a value (" + values[buckets - 1]
          + ") beyond the trackable range (" + sum.getHighestTrackableValue() + ")", e);
    }
  }

  /** Total count of the histogram last read. */
  public long totalCount() {
    if (fallback != null) {
      return fallback.getTotalCount();
    }
    long n = 0;
    for (int i = 0; i < buckets; i++) {
      n += counts[i];
    }
    return n;
  }

  @Override
  public void close() {
    inflater.end();
  }

  private int readThroughLibrary(String base64) {
    fallback = Histograms.decode(base64);
    return fallback.getTotalCount() > 0 ? 1 : 0;
  }

  private void inflate(int offset, int length, String what) {
    int done = 0;
    try {
      while (done < length) {
        int n = inflater.inflate(buf, offset + done, length - done);
        if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        done += n;
      }
    } catch (DataFormatException e) {
      throw bad(e.getMessage(), e);
    }
    if (done < length) {
      throw bad(what + " truncated: " + done + " of " + length + " bytes", null);
    }
  }

  /**
   * The bucket layout HdrHistogram derives from (lowest discernible value, significant digits); computed the
   * way the library does, floating-point logarithms included, so that bucket values agree for every layout.
   */
  private void layout(long lowest, int digits) {
    if (lowest == layoutLowest && digits == layoutDigits) {
      return;
    }
    long largestValueWithSingleUnitResolution = 2 * (long) Math.pow(10, digits);
    unitMagnitude = (int) (Math.log(lowest) / Math.log(2));
    int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestValueWithSingleUnitResolution) / Math.log(2));
    subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
    layoutLowest = lowest;
    layoutDigits = digits;
  }

  /** The lowest value of the bucket at {@code index}: half-buckets of 2^m sub-buckets, each bucket twice as wide. */
  private long bucketValue(int index) {
    int half = 1 << subBucketHalfCountMagnitude;
    int bucket = (index >> subBucketHalfCountMagnitude) - 1;
    int sub = (index & (half - 1)) + half;
    if (bucket < 0) { // the first bucket also holds the lower half
      sub -= half;
      bucket = 0;
    }
    int shift = bucket + unitMagnitude;
    if (shift > 62 || (sub > 0 && Long.numberOfLeadingZeros(sub) - 1 < shift)) {
      throw bad("bucket index " + index + " is beyond any trackable value", null);
    }
    return (long) sub << shift;
  }

  /** Counts: ZigZag LEB128-64b9B words (the ninth byte carries 8 bits); a negative word is a run of empty buckets. */
  private void walk(int length) {
    int pos = 0;
    long index = 0;
    while (pos < length) {
      long v = 0;
      int shift = 0;
      int b;
      do {
        if (pos >= length) {
          throw bad("payload ends inside a count", null);
        }
        b = buf[pos++] & 0xff;
        if (shift == 56) {
          v |= (long) b << 56;
          break;
        }
        v |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      long count = (v >>> 1) ^ -(v & 1);
      if (count < 0) {
        if (count < -Integer.MAX_VALUE) {
          throw bad("a run of " + -count + " empty buckets", null);
        }
        index -= count;
      } else {
        if (count > 0) {
          if (index > Integer.MAX_VALUE) {
            throw bad("bucket index " + index + " is beyond any trackable value", null);
          }
          append(bucketValue((int) index), count);
        }
        index++;
      }
    }
  }

  private void append(long value, long count) {
    if (buckets == values.length) {
      values = Arrays.copyOf(values, buckets * 2);
      counts = Arrays.copyOf(counts, buckets * 2);
    }
    values[buckets] = value;
    counts[buckets] = count;
    buckets++;
  }

  private static int intAt(byte[] b, int i) {
    return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  private static long longAt(byte[] b, int i) {
    return (long) intAt(b, i) << 32 | (intAt(b, i + 4) & 0xffffffffL);
  }

  private static IllegalArgumentException bad(String why, Throwable cause) {
    return new IllegalArgumentException("not a base64 HdrHistogram V2 compressed histogram: " + why, cause);
  }
}
