package dev.regatta.units;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as users write them: 4096, 4k, 4Ki, 4KiB, 64Mi, 1G. k/M/G are powers of ten, Ki/Mi/Gi of two. */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("^([0-9]+)\\s*(|b|k|kb|ki|kib|m|mb|mi|mib|g|gb|gi|gib)$");

  private Sizes() {}

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: use bytes (4096) or 4k, 4Ki, 64Mi, 1Gi");
    }
    long n = Long.parseLong(m.group(1));
    return n * switch (m.group(2)) {
      case "", "b" -> 1L;
      case "k", "kb" -> 1000L;
      case "ki", "kib" -> 1024L;
      case "m", "mb" -> 1000_000L;
      case "mi", "mib" -> 1024L * 1024;
      case "g", "gb" -> 1000_000_000L;
      default -> 1024L * 1024 * 1024;
    };
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
