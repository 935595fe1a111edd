package dev.regatta.report.command;

import dev.regatta.report.ReportWriter;
import dev.regatta.report.compare.Comparator;
import dev.regatta.report.compare.Comparison;
import dev.regatta.report.compare.RowChange;
import dev.regatta.report.model.PointKey;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code regatta report RUN}: JSON, CSV and a self-contained HTML report of one run, read from the
 * cluster (or local mode) or from saved files, optionally compared with a baseline run.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a run's results as JSON, CSV and one self-contained HTML page with plots.",
        "Reads the run from the current kubeconfig context (a cluster, or local mode's kubeconfig) or from saved files.",
        "Exit codes: 0 ok, 1 cannot read or write, 2 bad usage, " + ReportCommand.EXIT_REGRESSION
            + " regression found with --fail-on-regression."})
public class ReportCommand implements Callable<Integer> {
  public static final int EXIT_REGRESSION = 3;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "BenchmarkRun name.")
  String run;

  @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the kubeconfig context's).")
  String namespace;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--from-files", paramLabel = "DIR",
      description = "Read the run from saved files: per-pod result.json documents, the run's YAML, result ConfigMaps.")
  Path fromFiles;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: reports/RUN).")
  Path out;

  @Option(names = "--format", split = ",", defaultValue = "json,csv,html", description = "Formats: json, csv, html.")
  List<String> formats;

  @Option(names = "--baseline", paramLabel = "RUN", description = "Compare with this run (same cluster/namespace).")
  String baseline;

  @Option(names = "--baseline-files", paramLabel = "DIR", description = "Compare with a run saved as files.")
  Path baselineFiles;

  @Option(names = "--threshold", paramLabel = "PERCENT", defaultValue = "5",
      description = "A throughput drop or p99 rise past this percentage is a regression (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--fail-on-regression", description = "Exit " + EXIT_REGRESSION + " when a row regressed.")
  boolean failOnRegression;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReportCommand()).execute(args));
  }

  @Override
  public Integer call() {
    // A report is a client run from a terminal or CI log: only real problems from the libraries underneath.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
    PrintWriter outW = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (run == null && fromFiles == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "name a RUN, or give --from-files DIR");
    }
    for (String f : formats) {
      if (!List.of("json", "csv", "html").contains(f)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown format '" + f + "': json, csv or html");
      }
    }
    try {
      KubernetesClient[] client = new KubernetesClient[1];
      try {
        RunData data = fromFiles != null ? FileSource.read(fromFiles, run) : ClusterSource.read(client(client), namespace,
            run, ClusterSource.s3(client(client)));
        Report report = ReportBuilder.build(data);
        if (baseline != null || baselineFiles != null) {
          RunData base = baselineFiles != null ? FileSource.read(baselineFiles, baseline)
              : ClusterSource.read(client(client), namespace, baseline, ClusterSource.s3(client(client)));
          report = report.withComparison(Comparator.compare(report, ReportBuilder.build(base), threshold));
        }
        Path dir = out != null ? out : Path.of("reports", report.run());
        List<Path> files = ReportWriter.writeFiles(report, dir, formats);
        summary(outW, report);
        for (Path f : files) {
          outW.println("wrote " + f + " (" + Files.size(f) + " bytes)");
        }
        outW.flush();
        if (report.comparison() != null && report.comparison().regressions() > 0 && failOnRegression) {
          err.println(report.comparison().regressions() + " regression(s) past " + threshold + "% against "
              + report.comparison().baseline());
          err.flush();
          return EXIT_REGRESSION;
        }
        return 0;
      } finally {
        if (client[0] != null) {
          client[0].close();
        }
      }
    } catch (RuntimeException | java.io.IOException e) {
      err.println("report: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private KubernetesClient client(KubernetesClient[] holder) throws java.io.IOException {
    if (holder[0] == null) {
      Config config = kubeconfig != null ? Config.fromKubeconfig(Files.readString(kubeconfig)) : Config.autoConfigure(null);
      holder[0] = new KubernetesClientBuilder().withConfig(config).build();
    }
    return holder[0];
  }

  /** The rows on the terminal, so a CI log shows the answer without opening a file. */
  private static void summary(PrintWriter out, Report r) {
    out.printf(Locale.ROOT, "run %s%s: %d rows, %d pod rows%n", r.run(),
        r.phase() == null ? "" : " (" + r.phase() + ")", r.rows().size(), r.podRows().size());
    for (var row : r.rows()) {
      out.printf(Locale.ROOT, "  %-40s %-10s %12s  p99 %s%n",
          cut(new PointKey(row.scenario(), row.params()).label(), 40),
          row.region(), row.throughputMean() == null ? "" : dev.regatta.units.Humanize.rate(row.throughputMean()),
          row.p99() == null ? "" : dev.regatta.units.Humanize.micros(row.p99()));
    }
    Comparison c = r.comparison();
    if (c != null) {
      out.printf(Locale.ROOT, "against %s (threshold %.1f%%): %d regression(s)%n", c.baseline(), c.thresholdPercent(),
          c.regressions());
      for (RowChange ch : c.rows()) {
        if (ch.regression() || ch.note() != null) {
          out.printf(Locale.ROOT, "  %s %-40s %-10s throughput %s  p99 %s%n", ch.regression() ? "REGRESSION" : ch.note(),
              cut(new PointKey(ch.scenario(), ch.params()).label(), 40), ch.region(),
              pct(ch.throughputChangePercent()), pct(ch.p99ChangePercent()));
        }
      }
    }
  }

  private static String pct(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", d);
  }

  /** Keeps terminal columns aligned. */
  private static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
