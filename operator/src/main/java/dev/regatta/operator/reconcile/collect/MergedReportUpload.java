package dev.regatta.operator.reconcile.collect;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.results.MergedReport;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultDocument;
import java.util.List;

/**
 * With an S3 sink, the merged JSON and CSV go next to the per-pod results, once: only in the step that ends the
 * run (a finished run never uploads again, so a restart after success neither repeats nor fails it; a crash
 * before the status write repeats the step, which rewrites the same keys). A failed upload leaves the run's
 * outcome alone and says why in the ResultsUploaded condition and a Warning Event.
 */
public final class MergedReportUpload {
  private MergedReportUpload() {}

  public static void upload(RunContext run, List<ResultDocument> docs) {
    BenchmarkRunSpec spec = run.spec();
    BenchmarkRun ended = new BenchmarkRun();
    ended.setMetadata(run.run().getMetadata());
    ended.setSpec(spec);
    ended.setStatus(run.status());
    if (!MergedReport.wanted(ended)) {
      return;
    }
    try {
      List<String> written = run.cluster().uploadMergedReport(ended, docs);
      Conditions.set(run.status(), Conditions.RESULTS_UPLOADED, true, "Uploaded", "merged report written to "
          + String.join(", ", written), run.generation(), run.now());
      RunContext.LOG.info("{} merged report written to {}", run.log(), written);
    } catch (Exception e) {
      String message = "could not write the merged report (" + Protocol.S3_MERGED_JSON + ", " + Protocol.S3_MERGED_CSV
          + ") to s3://" + spec.getResults().getS3().getBucket() + "/" + Protocol.s3RunPrefix(
              spec.getResults().getS3().getPrefix(), run.namespace(), run.name()) + ": " + cause(e)
          + "; the run's results are unaffected (`regatta report` can produce the files)";
      Conditions.set(run.status(), Conditions.RESULTS_UPLOADED, false, "UploadFailed", message, run.generation(),
          run.now());
      run.event(EventReason.ResultsUploadFailed, message);
      RunContext.LOG.warn("{} {}", run.log(), message);
    }
  }

  private static String cause(Throwable e) {
    StringBuilder b = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      b.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
      if (b.length() > 600) {
        break;
      }
    }
    return b.toString();
  }
}
