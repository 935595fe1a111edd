package dev.regatta.operator.results;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.protocol.Protocol;
import dev.regatta.report.ReportWriter;
import dev.regatta.result.ResultDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The merged report of a run whose results go to S3: the report module's JSON and CSV (the same bytes
 * `regatta report` writes), PUT next to the per-pod documents under
 * {@code Protocol.s3RunPrefix(prefix, namespace, run)} as {@link Protocol#S3_MERGED_JSON} and
 * {@link Protocol#S3_MERGED_CSV}.
 */
public final class MergedReport {
  private MergedReport() {}

  /** True when the run stores results in S3, so the merged report goes there too. */
  public static boolean wanted(BenchmarkRun run) {
    return run.getSpec() != null && run.getSpec().getResults() != null && run.getSpec().getResults().getS3() != null;
  }

  /**
   * Writes both objects; the first failure is thrown (the caller records it, it does not fail the run).
   *
   * @param run the run with the spec it was accepted with and its final status
   * @return the s3:// locations written
   */
  public static List<String> upload(ResultCollector.ObjectStore store, BenchmarkRun run, List<ResultDocument> docs)
      throws Exception {
    S3Bucket sink = run.getSpec().getResults().getS3();
    String ns = run.getMetadata().getNamespace();
    String name = run.getMetadata().getName();
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, String> o : ReportWriter.bucketObjects(run, docs).entrySet()) {
      String key = Protocol.s3MergedKey(sink.getPrefix(), ns, name, o.getKey());
      String type = o.getKey().endsWith(".csv") ? "text/csv; charset=utf-8" : "application/json";
      written.add(store.write(run.getSpec(), ns, key, o.getValue(), type));
    }
    return written;
  }
}
