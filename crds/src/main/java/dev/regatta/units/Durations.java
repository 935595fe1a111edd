package dev.regatta.units;

import java.time.Duration;
import java.util.regex.Matcher;

/** Go-style durations as Kubernetes users write them: 250ms, 10s, 1m30s, 2h. */
public final class Durations {
  /** Used in the CRD schema too: keep it a plain RE2-compatible expression. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
  /** The longest duration text the schema accepts (1h2m3.5s4ms is 11). */
  public static final int MAX_LENGTH = 32;
  /** The longest duration any field takes: a year. Longer ones are typos, and beyond ~292 years a long of nanoseconds overflows. */
  public static final Duration MAX = Duration.ofHours(8760);

  private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(PATTERN);
  private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private Durations() {}

  public static boolean isValid(String text) {
    return text != null && text.length() <= MAX_LENGTH && WHOLE.matcher(text).matches();
  }

  /** Parses a duration of at most {@link #MAX}; throws IllegalArgumentException quoting the text and the expected form. */
  public static Duration parse(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(Humanize.quote(text) + " is not a duration: use e.g. 500ms, 10s, 1m30s, 2h");
    }
    Matcher m = PART.matcher(text);
    double nanos = 0;
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      nanos += switch (m.group(2)) {
        case "ms" -> v * 1e6;
        case "s" -> v * 1e9;
        case "m" -> v * 60e9;
        default -> v * 3600e9;
      };
    }
    if (!(nanos <= MAX.toNanos())) {
      throw new IllegalArgumentException(Humanize.quote(text) + " is longer than " + format(MAX) + " (a year)");
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /** Parses a duration, or returns the default when text is null. */
  public static Duration parse(String text, Duration defaultValue) {
    return text == null ? defaultValue : parse(text);
  }

  /** The shortest Go-style form of a duration, e.g. 1m30s, 250ms. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0 || ms == 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    StringBuilder b = new StringBuilder();
    if (s >= 3600) {
      b.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      b.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0) {
      b.append(s).append('s');
    }
    return b.toString();
  }
}
