package dev.regatta.thresholds;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import dev.regatta.result.RowMatch;
import java.util.List;

/**
 * The baseline a relative threshold ({@code p99 < 1.10 × baseline}) is judged against: the merged rows of the
 * baseline run's status, or why there is none to use (not found, not finished, failed). Never a silent pass:
 * a criterion without a baseline row fails with the reason.
 *
 * @param run the baseline run's name, or null when none was found
 * @param rows its rows (fleet and regions), found by scenario, params and region
 * @param unusable why no baseline can be used, or null
 */
public record BaselineRows(String run, RowMatch<RowFigures> rows, String unusable) {
  public static BaselineRows of(String run, List<ResultRow> results) {
    return new BaselineRows(run, RowMatch.ofStatus(results), null);
  }

  public static BaselineRows unusable(String run, String why) {
    return new BaselineRows(run, null, why);
  }
}
