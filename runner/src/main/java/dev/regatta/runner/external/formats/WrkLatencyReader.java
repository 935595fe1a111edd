package dev.regatta.runner.external.formats;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk's output with {@code --latency}: the "Latency Distribution" table (50%, 75%, 90%, 99%), the
 * "N requests in T, B read" line, and the error lines (socket errors, non-2xx/3xx responses). It has no
 * timestamps, so warm-up cannot be told from the window: wrk's own run is the window.
 */
public final class WrkLatencyReader {
  private static final Pattern PERCENTILE = Pattern.compile("\\s*(\\d{1,2}(?:\\.\\d+)?)%\\s+(\\d+(?:\\.\\d+)?)(us|ms|s|m|h)\\s*");
  private static final Pattern REQUESTS = Pattern.compile(
      "\\s*(\\d+) requests in (\\d+(?:\\.\\d+)?)(us|ms|s|m|h), (\\d+(?:\\.\\d+)?)(B|KB|MB|GB|TB) read\\s*");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)\\s*");
  private static final Pattern NON_2XX = Pattern.compile("\\s*Non-2xx or 3xx responses: (\\d+)\\s*");

  public PercentileOnly read(InputStream in) throws IOException, MalformedResultsException {
    BoundedLines lines = new BoundedLines(in);
    Map<Double, Long> percentiles = new TreeMap<>();
    Map<String, Long> errors = new LinkedHashMap<>();
    long count = -1;
    double seconds = 0;
    long bytes = 0;
    String line;
    while ((line = lines.next()) != null) {
      Matcher m;
      if ((m = PERCENTILE.matcher(line)).matches()) {
        percentiles.put(Double.parseDouble(m.group(1)), Math.round(Double.parseDouble(m.group(2)) * micros(m.group(3))));
      } else if ((m = REQUESTS.matcher(line)).matches()) {
        count = parseCount(m.group(1), lines.number());
        seconds = Double.parseDouble(m.group(2)) * micros(m.group(3)) / 1e6;
        bytes = Math.round(Double.parseDouble(m.group(4)) * bytes(m.group(5)));
      } else if ((m = SOCKET_ERRORS.matcher(line)).matches()) {
        String[] kinds = {"connect", "read", "write", "timeout"};
        for (int i = 0; i < kinds.length; i++) {
          long n = parseCount(m.group(i + 1), lines.number());
          if (n > 0) {
            errors.put("socket_" + kinds[i], n);
          }
        }
      } else if ((m = NON_2XX.matcher(line)).matches()) {
        errors.put("http_non_2xx_3xx", parseCount(m.group(1), lines.number()));
      }
    }
    if (percentiles.isEmpty()) {
      throw new MalformedResultsException("no \"Latency Distribution\" table (run wrk with --latency)");
    }
    if (count < 0 || seconds <= 0) {
      throw new MalformedResultsException("no \"N requests in T, B read\" line: wrk did not finish");
    }
    long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
    return new PercentileOnly(count, Math.min(count, errorCount), errors, seconds, percentiles, bytes);
  }

  private static long parseCount(String digits, long line) throws MalformedResultsException {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new MalformedResultsException("line " + line + ": " + Numbers.abbreviate(digits) + " is not a count");
    }
  }

  private static double micros(String unit) {
    return switch (unit) {
      case "us" -> 1;
      case "ms" -> 1e3;
      case "s" -> 1e6;
      case "m" -> 60e6;
      default -> 3600e6;
    };
  }

  /** wrk prints sizes in binary units with decimal-looking names (1MB = 1024 KB). */
  private static double bytes(String unit) {
    return switch (unit) {
      case "B" -> 1;
      case "KB" -> 1024;
      case "MB" -> 1024.0 * 1024;
      case "GB" -> 1024.0 * 1024 * 1024;
      default -> 1024.0 * 1024 * 1024 * 1024;
    };
  }
}
