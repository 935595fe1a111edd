package dev.regatta.operator.reconcile.collect;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.units.Humanize;
import java.util.stream.Collectors;

/** status.summary: the first row's figures, as `kubectl get br` shows them. */
public final class Headline {
  private Headline() {}

  public static BenchmarkRunStatus.Summary of(ResultRow row) {
    BenchmarkRunStatus.Summary s = new BenchmarkRunStatus.Summary();
    // the headline counts successful operations only; errors are beside it (summary.errors, the Errors column)
    double tput = row.getSuccessPerSecond() != null ? row.getSuccessPerSecond()
        : row.getThroughputPerSecond() == null ? 0 : row.getThroughputPerSecond();
    s.setThroughputPerSecond(tput);
    s.setThroughput(Humanize.rate(tput));
    if (row.getLatencyMicros() != null && row.getLatencyMicros().getP99() != null) {
      s.setP99Micros(row.getLatencyMicros().getP99());
      s.setP99(Humanize.micros(row.getLatencyMicros().getP99()));
    }
    s.setCount(row.getCount());
    s.setErrors(row.getErrors());
    s.setDropped(row.getDropped());
    s.setRow(row.getParams() == null || row.getParams().isEmpty() ? row.getScenario()
        : row.getScenario() + " " + row.getParams().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",", "{", "}")));
    return s;
  }
}
