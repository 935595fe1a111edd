package dev.regatta.result;

import dev.regatta.api.v1alpha1.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row as the serving benchmark's script printed its answer, mean ± sample stddev over repeats:
 * {@code config-a: 8 clients small data 1856.55 +- 17.33 requests/s}. Each parameter shows its label when the
 * matrix gives one, else {@code name=value}; the first ends with a colon. The figure is the row's headline:
 * operations per second, or decimal MB/s.
 */
public final class RepeatsLine {
  private RepeatsLine() {}

  public static String of(ResultRow row) {
    boolean bandwidth = row.bandwidthFirst();
    double mean = bandwidth ? nz(row.getMegabytesPerSecond())
        : row.getThroughputMean() != null ? row.getThroughputMean() : nz(row.getThroughputPerSecond());
    Double sd = bandwidth ? row.getMegabytesPerSecondStddev() : row.getThroughputStddev();
    return of(row.getScenario(), row.getParams(), row.getLabels(), mean, sd, bandwidth ? "MB/s" : row.getRateUnit());
  }

  /** @param unit the rate unit (req/s, ops/s, msg/s, tasks/s, MB/s), written out in full */
  public static String of(String scenario, Map<String, String> params, Map<String, String> labels, double mean,
      Double stddev, String unit) {
    List<String> parts = new ArrayList<>();
    if (params != null) {
      params.forEach((k, v) -> {
        String label = labels == null ? null : labels.get(k);
        parts.add(label != null ? label : k + "=" + v);
      });
    }
    StringBuilder b = new StringBuilder();
    if (parts.isEmpty()) {
      b.append(scenario).append(':');
    } else {
      b.append(parts.get(0)).append(':');
      for (int i = 1; i < parts.size(); i++) {
        b.append(' ').append(parts.get(i));
      }
    }
    b.append(String.format(Locale.ROOT, " %.2f", mean));
    if (stddev != null) {
      b.append(String.format(Locale.ROOT, " +- %.2f", stddev));
    }
    return b.append(' ').append(longUnit(unit)).toString();
  }

  static String longUnit(String unit) {
    if (unit == null) {
      return "ops/s";
    }
    return switch (unit) {
      case "req/s" -> "requests/s";
      case "msg/s" -> "messages/s";
      default -> unit;
    };
  }

  private static double nz(Double d) {
    return d == null ? 0 : d;
  }
}
