package dev.regatta.report.model;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.result.ResultDocument;
import java.util.List;

/**
 * What a report is made from: the run object (spec and status, may be null when only result files were
 * saved) and every pod's result document (may be empty when only the run's status was saved).
 *
 * @param source where it was read from, shown in the report ("cluster ns/run", "files /tmp/x")
 */
public record RunData(String name, String namespace, BenchmarkRun run, List<ResultDocument> pods, String source) {
  public RunData {
    pods = pods == null ? List.of() : List.copyOf(pods);
  }
}
