package dev.regatta.operator.metrics.live;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An HdrHistogram (µs) as a Prometheus histogram in seconds, both ways at once: a native histogram of schema
 * {@value #SCHEMA} (bucket i holds (2^((i-1)/32), 2^(i/32)] seconds: ±1.1% around any value; sent to a scraper
 * that asks for protobuf, Prometheus with native histograms on) and classic buckets at {@link #CLASSIC_BOUNDS}
 * (sent in the text format). Every recorded HdrHistogram bucket goes whole into one bucket of each, by its value
 * (the highest value equivalent to it, the one HdrHistogram's percentiles report), so the counts are exact and
 * only the position within a bucket is lost.
 */
final class LatencyBuckets {
  static final int SCHEMA = 5;
  /** Values up to this many seconds are the zero bucket: none, since a latency is at least 1 µs. */
  static final double ZERO_THRESHOLD = 0.5e-6;
  static final double[] CLASSIC_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25, 0.5, 1, 2.5, 5, 10, 30, 60, Double.POSITIVE_INFINITY};

  private LatencyBuckets() {}

  static HistogramDataPointSnapshot of(AbstractHistogram h, Labels labels) {
    TreeMap<Integer, Long> positive = new TreeMap<>();
    long[] classic = new long[CLASSIC_BOUNDS.length];
    long zero = 0;
    double sum = 0;
    for (HistogramIterationValue v : h.recordedValues()) {
      long n = v.getCountAtValueIteratedTo();
      double seconds = v.getValueIteratedTo() / 1e6;
      sum += seconds * n;
      if (seconds <= ZERO_THRESHOLD) {
        zero += n;
      } else {
        positive.merge(nativeIndex(seconds), n, Long::sum);
      }
      classic[classicIndex(seconds)] += n;
    }
    NativeHistogramBuckets.Builder nb = NativeHistogramBuckets.builder();
    positive.forEach(nb::bucket);
    return HistogramDataPointSnapshot.builder()
        .classicHistogramBuckets(ClassicHistogramBuckets.of(CLASSIC_BOUNDS, classic))
        .nativeSchema(SCHEMA)
        .nativeZeroThreshold(ZERO_THRESHOLD)
        .nativeZeroCount(zero)
        .nativeBucketsForPositiveValues(nb.build())
        .nativeBucketsForNegativeValues(NativeHistogramBuckets.EMPTY)
        .sum(sum)
        .labels(labels)
        .build();
  }

  /** The native bucket of a positive value: the i with 2^((i-1)/2^schema) < v ≤ 2^(i/2^schema). */
  static int nativeIndex(double seconds) {
    double perOctave = 1 << SCHEMA;
    int i = (int) Math.ceil(Math.log(seconds) / Math.log(2) * perOctave);
    // the logarithm is rounded: put a value next to a bound on its right side
    if (upperBound(i - 1) >= seconds) {
      i--;
    } else if (upperBound(i) < seconds) {
      i++;
    }
    return i;
  }

  static double upperBound(int index) {
    return Math.pow(2, index / (double) (1 << SCHEMA));
  }

  private static int classicIndex(double seconds) {
    int i = 0;
    while (CLASSIC_BOUNDS[i] < seconds) {
      i++;
    }
    return i;
  }
}
