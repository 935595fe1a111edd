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

  private static String scaled(double v, double step, String[] units) {
    int i = 0;
    while (Math.abs(v) >= step && i < units.length - 1) {
      v /= step;
      i++;
    }
    return String.format(Locale.ROOT, i == 0 ? "%.0f%s" : "%.1f%s", v, units[i]);
  }
}
