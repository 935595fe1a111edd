package dev.regatta.report;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.protocol.Protocol;
import dev.regatta.report.csv.CsvReport;
import dev.regatta.report.html.HtmlReport;
import dev.regatta.report.json.JsonReport;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import dev.regatta.result.ResultDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's outputs as strings and files. The operator calls {@link #bucketObjects} when a run whose
 * results go to S3 ends, and PUTs each entry under the run's prefix, next to the per-pod documents.
 */
public final class ReportWriter {
  public static final String JSON_FILE = "report.json";
  public static final String CSV_FILE = "report.csv";
  public static final String HTML_FILE = "report.html";
  /** Object names in the bucket, under Protocol.s3RunPrefix(prefix, namespace, run). */
  public static final String MERGED_JSON_OBJECT = Protocol.S3_MERGED_JSON;
  public static final String MERGED_CSV_OBJECT = Protocol.S3_MERGED_CSV;

  private ReportWriter() {}

  public static Report report(BenchmarkRun run, List<ResultDocument> pods) {
    String name = run == null ? null : run.getMetadata().getName();
    String ns = run == null ? null : run.getMetadata().getNamespace();
    return ReportBuilder.build(new RunData(name, ns, run, pods, "operator"));
  }

  public static String json(Report report) {
    return JsonReport.write(report);
  }

  public static String csv(Report report) {
    return CsvReport.write(report);
  }

  public static String html(Report report) {
    return HtmlReport.write(report);
  }

  /** Object name → content, for the operator to store next to the per-pod results in the run's bucket. */
  public static Map<String, String> bucketObjects(BenchmarkRun run, List<ResultDocument> pods) {
    Report r = report(run, pods);
    Map<String, String> objects = new LinkedHashMap<>();
    objects.put(MERGED_JSON_OBJECT, json(r));
    objects.put(MERGED_CSV_OBJECT, csv(r));
    return objects;
  }

  /** Writes the chosen formats (json, csv, html) into dir; returns the files written. */
  public static List<Path> writeFiles(Report report, Path dir, List<String> formats) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      if (formats.contains("json")) {
        written.add(Files.writeString(dir.resolve(JSON_FILE), json(report)));
      }
      if (formats.contains("csv")) {
        written.add(Files.writeString(dir.resolve(CSV_FILE), csv(report)));
      }
      if (formats.contains("html")) {
        written.add(Files.writeString(dir.resolve(HTML_FILE), html(report)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
    return written;
  }
}
