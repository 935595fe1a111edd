package dev.regatta.report.compare;

import java.util.List;

/**
 * A run against a baseline run.
 *
 * @param thresholdPercent a change worse than this, in percent, is a regression
 */
public record Comparison(String baseline, double thresholdPercent, List<RowChange> rows) {
  public long regressions() {
    return rows.stream().filter(RowChange::regression).count();
  }
}
