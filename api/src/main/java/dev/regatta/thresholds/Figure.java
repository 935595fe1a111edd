package dev.regatta.thresholds;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a threshold can bound: a figure every merged row carries (or, for p95, reads from the row's merged
 * histogram). Each has one kind, which fixes the units its bound may be written in and the base unit its value
 * is compared and reported in.
 */
public enum Figure {
  P50("p50", Kind.LATENCY),
  P75("p75", Kind.LATENCY),
  P90("p90", Kind.LATENCY),
  P95("p95", Kind.LATENCY),
  P99("p99", Kind.LATENCY),
  P999("p99.9", Kind.LATENCY),
  MIN("min", Kind.LATENCY),
  MAX("max", Kind.LATENCY),
  MEAN("mean", Kind.LATENCY),
  /** Successful operations per second (the row's successPerSecond: the headline, errors not in it). */
  THROUGHPUT("throughput", Kind.RATE),
  /** Bytes moved per second, bounded in MB/s (10^6 bytes). */
  MBPS("mbps", Kind.BYTE_RATE),
  /** errors / count. */
  ERROR_RATE("errorRate", Kind.FRACTION),
  /** dropped / (count + dropped): of the operations an open model had due, the share never sent. */
  DROPPED_RATE("droppedRate", Kind.FRACTION),
  /**
   * HTTP checks (http.expect) passed / evaluated, over every check of the row, or over one named check when
   * written {@code check(NAME)}: k6's {@code checks} rate, from the row's summed counts, never averaged rates.
   */
  CHECKS("checks", Kind.FRACTION);

  /** How a figure is measured: its base unit (what status reports) and the units its bound may use. */
  public enum Kind {
    /** Microseconds; written with us, µs, ms or s. */
    LATENCY("us"),
    /** Operations per second; written as 20000, 20k/s, 1.5M/s. */
    RATE("ops/s"),
    /** Bytes per second; written as MB/s (the default), GB/s, MiB/s, GiB/s. */
    BYTE_RATE("B/s"),
    /** A ratio 0..1; written as a percentage (0.1%) or a fraction (0.001). */
    FRACTION("ratio");

    private final String baseUnit;

    Kind(String baseUnit) {
      this.baseUnit = baseUnit;
    }

    public String baseUnit() {
      return baseUnit;
    }
  }

  private final String word;
  private final Kind kind;

  Figure(String word, Kind kind) {
    this.word = word;
    this.kind = kind;
  }

  /** As written in an expression. */
  public String word() {
    return word;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The figure a word names: p99, p99.9 (or p999), k6's p(99) and p(99.9), throughput, errorRate, checks, ...
   * ({@code check(NAME)} is read by {@link ThresholdExpr}, which keeps the name).
   */
  public static Optional<Figure> named(String word) {
    String w = word.startsWith("p(") && word.endsWith(")") ? "p" + word.substring(2, word.length() - 1) : word;
    if (w.equals("p999")) {
      return Optional.of(P999);
    }
    return Arrays.stream(values()).filter(f -> f.word.equals(w)).findFirst();
  }

  /** Every word, for messages. */
  public static List<String> words() {
    return Arrays.stream(values()).map(Figure::word).toList();
  }

  @Override
  public String toString() {
    return word;
  }
}
