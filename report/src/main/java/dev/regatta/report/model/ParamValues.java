package dev.regatta.report.model;

import dev.regatta.units.Sizes;

/** Parameter values are strings in results; sweeps plot them as numbers when they are numbers or sizes. */
public final class ParamValues {
  private ParamValues() {}

  /** 4096 -> 4096.0, "4KiB" -> 4096.0, "sync" -> null. */
  public static Double numeric(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      // not a plain number; maybe a size
    }
    try {
      return (double) Sizes.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static boolean isPowerOfTwo(String s) {
    Double d = numeric(s);
    if (d == null || d <= 0 || d != Math.rint(d)) {
      return false;
    }
    long v = d.longValue();
    return (v & (v - 1)) == 0;
  }
}
