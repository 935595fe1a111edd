package dev.regatta.units;

import java.util.Locale;

/** Short human forms for tables and printer columns. */
public final class Humanize {
  private Humanize() {}

  /** 182400.0 -> "182.4k/s". */
  public static String rate(double perSecond) {
    return scaled(perSecond, 1000, new String[] {"", "k", "M", "G"}) + "/s";
  }

  /** 182400.0, "req/s" -> "182.4k req/s": a rate with what is counted. */
  public static String rate(double perSecond, String unit) {
    return scaled(perSecond, 1000, new String[] {"", "k", "M", "G"}) + " " + unit;
  }

  /** Bytes in one decimal megabyte: MB/s everywhere in Regatta is 10^6 bytes per second, as fio and wrk print it. */
  public static final double MEGABYTE = 1_000_000.0;

  /** Bytes per second as decimal megabytes per second, always in MB/s: 433240000 -> "433 MB/s", 6021e6 -> "6,021 MB/s". */
  public static String megabytes(double bytesPerSecond) {
    double mb = bytesPerSecond / MEGABYTE;
    double a = Math.abs(mb);
    String n = a >= 100 ? String.format(Locale.ROOT, "%,.0f", mb) : a >= 10 ? String.format(Locale.ROOT, "%.1f", mb)
        : String.format(Locale.ROOT, "%.2f", mb);
    return n + " MB/s";
  }

  /** Decimal MB/s, rounded to three decimals (what status and reports store). */
  public static double toMegabytes(double bytesPerSecond) {
    return Math.round(bytesPerSecond / MEGABYTE * 1000.0) / 1000.0;
  }

  /** 1048576 -> "1.0MiB/s". */
  public static String byteRate(double bytesPerSecond) {
    return scaled(bytesPerSecond, 1024, new String[] {"B", "KiB", "MiB", "GiB", "TiB"}) + "/s";
  }

  /** 1240 -> "1.24ms", 850 -> "850us", 2500000 -> "2.50s". */
  public static String micros(long micros) {
    if (micros < 1000) {
      return micros + "us";
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
    }
    return String.format(Locale.ROOT, "%.2fs", micros / 1_000_000.0);
  }

  /** The longest prefix of a user's value that messages quote: a message stays short whatever the value is. */
  public static final int QUOTE_LIMIT = 64;

  /**
   * A user's value quoted for a message: 'value', or its first {@value #QUOTE_LIMIT} characters and its length
   * when it is longer, so that a megabyte value never travels into a condition, an Event or a log line.
   * Line breaks and other control characters are shown escaped, so the message stays on one line.
   */
  public static String quote(Object value) {
    if (value == null) {
      return "null";
    }
    String text = String.valueOf(value);
    int cut = text.codePointCount(0, text.length()) <= QUOTE_LIMIT ? text.length() : text.offsetByCodePoints(0, QUOTE_LIMIT);
    StringBuilder b = new StringBuilder(cut + 32).append('\'');
    for (int i = 0; i < cut; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> b.append("\\r");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('\'');
    if (cut < text.length()) {
      b.insert(b.length() - 1, "...").append(" (").append(text.codePointCount(0, text.length())).append(" characters)");
    }
    return b.toString();
  }

  private static String scaled(double v, double step, String[] units) {
    int i = 0;
    while (Math.abs(v) >= step && i < units.length - 1) {
      v /= step;
      i++;
    }
    return String.format(Locale.ROOT, i == 0 ? "%.0f%s" : "%.1f%s", v, units[i]);
  }
}
