package dev.regatta.operator.reconcile.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;

/** How a run's new status reaches the API: {@link CachedStatusUpdate}, or a list in a unit test. */
@FunctionalInterface
public interface StatusWrite {
  /**
   * @param run the run as the reconcile read it
   * @param status the status to write
   * @param statusAsRead the status the reconcile started from, as JSON
   */
  void write(BenchmarkRun run, BenchmarkRunStatus status, JsonNode statusAsRead);
}
