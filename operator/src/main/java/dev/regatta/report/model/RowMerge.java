package dev.regatta.report.model;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.result.ResultDocument;
import java.util.List;

/**
 * Per-pod result documents to merged rows (one per scenario × params, with byRegion). The report never
 * merges on its own: it is handed the operator's exact merge (ResultMerger), so the numbers in a report
 * are the numbers in the run's status.
 */
@FunctionalInterface
public interface RowMerge {
  List<ResultRow> merge(List<ResultDocument> pods);
}
