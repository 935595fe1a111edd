package dev.regatta.report.compare;

import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportRow;
import dev.regatta.result.RowKey;
import dev.regatta.result.RowMatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares every row of a report (fleet and region rows) with the baseline's row of the same scenario,
 * params and region ({@link RowMatch}, the pairing thresholds relative to a baseline use too). A row present on one side only is listed with a note, never a regression: a changed
 * matrix is not a slowdown.
 */
public final class Comparator {
  public static final double DEFAULT_THRESHOLD_PERCENT = 5.0;

  private Comparator() {}

  public static Comparison compare(Report current, Report baseline, double thresholdPercent) {
    RowMatch<ReportRow> base = RowMatch.of(baseline.rows(), Comparator::key);
    List<RowChange> changes = new ArrayList<>();
    for (ReportRow r : current.rows()) {
      ReportRow b = base.find(key(r)).orElse(null);
      if (b == null) {
        changes.add(new RowChange(r.scenario(), r.params(), r.region(), null, r.throughputMean(), null, null,
            r.p99(), null, false, "not in baseline"));
        continue;
      }
      Double dThroughput = percent(b.throughputMean(), r.throughputMean());
      Double dP99 = percent(b.p99() == null ? null : b.p99().doubleValue(), r.p99() == null ? null : r.p99().doubleValue());
      boolean regression = (dThroughput != null && dThroughput < -thresholdPercent)
          || (dP99 != null && dP99 > thresholdPercent);
      changes.add(new RowChange(r.scenario(), r.params(), r.region(), b.throughputMean(), r.throughputMean(),
          dThroughput, b.p99(), r.p99(), dP99, regression, null));
    }
    for (ReportRow b : base.unmatched()) {
      changes.add(new RowChange(b.scenario(), b.params(), b.region(), b.throughputMean(), null, null, b.p99(), null,
          null, false, "only in baseline"));
    }
    return new Comparison(baseline.run(), thresholdPercent, changes);
  }

  /** The row's key as thresholds relative to a baseline pair rows: the report's "all" region is the fleet. */
  static RowKey key(ReportRow r) {
    return new RowKey(r.scenario(), r.params(), ReportRow.ALL.equals(r.region()) ? null : r.region());
  }

  /** Change from a to b in percent; null when either is unknown or the baseline is zero. */
  static Double percent(Double a, Double b) {
    if (a == null || b == null || a == 0.0) {
      return null;
    }
    return (b - a) / a * 100.0;
  }
}
