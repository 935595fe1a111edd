package dev.regatta.report.compare;

import dev.regatta.report.model.PointKey;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares every row of a report (fleet and region rows) with the baseline's row of the same scenario,
 * params and region. A row present on one side only is listed with a note, never a regression: a changed
 * matrix is not a slowdown.
 */
public final class Comparator {
  public static final double DEFAULT_THRESHOLD_PERCENT = 5.0;

  private Comparator() {}

  public static Comparison compare(Report current, Report baseline, double thresholdPercent) {
    Map<String, ReportRow> base = new LinkedHashMap<>();
    baseline.rows().forEach(r -> base.put(id(r), r));
    Set<String> matched = new HashSet<>();
    List<RowChange> changes = new ArrayList<>();
    for (ReportRow r : current.rows()) {
      ReportRow b = base.get(id(r));
      if (b == null) {
        changes.add(new RowChange(r.scenario(), r.params(), r.region(), null, r.throughputMean(), null, null,
            r.p99(), null, false, "not in baseline"));
        continue;
      }
      matched.add(id(r));
      Double dThroughput = percent(b.throughputMean(), r.throughputMean());
      Double dP99 = percent(b.p99() == null ? null : b.p99().doubleValue(), r.p99() == null ? null : r.p99().doubleValue());
      boolean regression = (dThroughput != null && dThroughput < -thresholdPercent)
          || (dP99 != null && dP99 > thresholdPercent);
      changes.add(new RowChange(r.scenario(), r.params(), r.region(), b.throughputMean(), r.throughputMean(),
          dThroughput, b.p99(), r.p99(), dP99, regression, null));
    }
    for (ReportRow b : baseline.rows()) {
      if (!matched.contains(id(b))) {
        changes.add(new RowChange(b.scenario(), b.params(), b.region(), b.throughputMean(), null, null, b.p99(), null,
            null, false, "only in baseline"));
      }
    }
    return new Comparison(baseline.run(), thresholdPercent, changes);
  }

  private static String id(ReportRow r) {
    return new PointKey(r.scenario(), r.params()).label() + " @" + r.region();
  }

  /** Change from a to b in percent; null when either is unknown or the baseline is zero. */
  static Double percent(Double a, Double b) {
    if (a == null || b == null || a == 0.0) {
      return null;
    }
    return (b - a) / a * 100.0;
  }
}
