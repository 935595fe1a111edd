package dev.regatta.units;

import java.util.Locale;

/** Short human forms for tables and printer columns. */
public final class Humanize {
  private Humanize() {}

  /** 182400.0 -> "182.4k/s". */
  public static String rate(double perSecond) {
    return scaled(perSecond, 1000, new String[] {"", "k", "M", "G"}) + "/s";
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
