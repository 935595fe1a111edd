package dev.regatta.units;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as users write them: 4096, 4k, 4Ki, 4KiB, 64Mi, 1G. k/M/G are powers of ten, Ki/Mi/Gi of two. */
public final class Sizes {
  /**
   * A size written as a string, in the CRD schema too: keep it a plain RE2-compatible expression. Units are
   * case-insensitive (4ki = 4Ki); there is no unit above G because no size field takes a terabyte.
   */
  public static final String PATTERN = "^[0-9]+\\s*([bB]|[kKmMgG][iI]?[bB]?)?$";
  /** The longest size string the schema accepts: far more digits than any size needs. */
  public static final int MAX_LENGTH = 32;

  private static final Pattern SIZE = Pattern.compile(PATTERN);
  private static final Pattern PARTS = Pattern.compile("^([0-9]+)\\s*([a-z]*)$");

  private Sizes() {}

  /** Bytes in the text; throws IllegalArgumentException (quoting the text) when it is no size or overflows a long. */
  public static long parse(String text) {
    if (text == null || text.length() > MAX_LENGTH || !SIZE.matcher(text).matches()) {
      throw new IllegalArgumentException(Humanize.quote(text) + " is not a size: use bytes (4096) or 4k, 4Ki, 64Mi, 1Gi");
    }
    Matcher m = PARTS.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalStateException("Sizes.PATTERN and PARTS disagree on " + Humanize.quote(text));
    }
    long unit = switch (m.group(2)) {
      case "", "b" -> 1L;
      case "k", "kb" -> 1000L;
      case "ki", "kib" -> 1024L;
      case "m", "mb" -> 1000_000L;
      case "mi", "mib" -> 1024L * 1024;
      case "g", "gb" -> 1000_000_000L;
      default -> 1024L * 1024 * 1024;
    };
    try {
      // Exact arithmetic: 17179869184Gi is 2^64 bytes, which a long would silently wrap to 0.
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(Humanize.quote(text) + " is too large to be a size");
    }
  }

  public static long parse(IntOrString value, long defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    return value.getIntVal() != null ? value.getIntVal() : parse(value.getStrVal());
  }

  public static boolean isValid(IntOrString value) {
    try {
      return value == null || parse(value, 0) >= 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** 4096 -> 4Ki, 1500 -> 1500. */
  public static String format(long bytes) {
    String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
    int i = 0;
    long v = bytes;
    while (v >= 1024 && v % 1024 == 0 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return v + units[i];
  }
}
