package dev.regatta.report.command;

import dev.regatta.report.ReportWriter;
import dev.regatta.report.compare.Comparator;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code regatta report RUN...}: JSON, CSV and a self-contained HTML report of one run, or of several combined
 * (by name, or by a label selector), read from the cluster (or local mode) or from saved files, optionally
 * compared with a baseline run.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a run's results as JSON, CSV and one self-contained HTML page with plots; with several runs "
        + "(names, -l SELECTOR, or --from-files more than once) one combined report, a row per run x scenario x params.",
        "Reads the runs from the current kubeconfig context (a cluster, or local mode's kubeconfig) or from saved files.",
        "Exit codes: 0 ok, 1 cannot read or write, 2 bad usage, " + ReportCommand.EXIT_REGRESSION
            + " regression found with --fail-on-regression."})
public class ReportCommand implements Callable<Integer> {
  public static final int EXIT_REGRESSION = 3;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "RUN", description = "BenchmarkRun name(s); several give one combined report.")
  List<String> runs = new ArrayList<>();

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Every BenchmarkRun matching this label selector (e.g. suite=io-clients), in name order, combined.")
  String selector;

  @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the kubeconfig context's).")
  String namespace;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--from-files", paramLabel = "DIR",
      description = "Read a run from saved files: per-pod result.json documents, the run's YAML, result ConfigMaps. "
          + "Give it once per run to combine several.")
  List<Path> fromFiles = new ArrayList<>();

  @Option(names = {"-o", "--out"}, paramLabel = "DIR",
      description = "Output directory (default: reports/RUN, reports/RUN1+RUN2... when combined).")
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
    if (runs.isEmpty() && fromFiles.isEmpty() && selector == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "name a RUN, or give -l SELECTOR or --from-files DIR");
    }
    if (!fromFiles.isEmpty() && (selector != null || runs.size() > 1)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--from-files reads one run per directory: give "
          + "--from-files once per run (with at most one RUN name to pick it)");
    }
    for (String f : formats) {
      if (!List.of("json", "csv", "html").contains(f)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown format '" + f + "': json, csv or html");
      }
    }
    try {
      KubernetesClient[] client = new KubernetesClient[1];
      try {
        List<RunData> data = read(client);
        if (data.size() > 1 && (baseline != null || baselineFiles != null)) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--baseline compares one run: report the runs one by one to compare each");
        }
        List<Report> each = new ArrayList<>();
        for (RunData d : data) {
          each.add(ReportBuilder.build(d));
        }
        // refused before anything is written when the runs measure different scenarios
        Report report = Report.combine(each);
        if (baseline != null || baselineFiles != null) {
          RunData base = baselineFiles != null ? FileSource.read(baselineFiles, baseline)
              : ClusterSource.read(client(client), namespace, baseline, s3(client));
          report = report.withComparison(Comparator.compare(report, ReportBuilder.build(base), threshold));
        }
        Path dir = out != null ? out : Path.of("reports", defaultDirName(report));
        List<Path> files = ReportWriter.writeFiles(report, dir, formats);
        outW.print(ResultsTable.render(report));
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
      if (e instanceof CommandLine.ParameterException pe) {
        throw pe;
      }
      err.println("report: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** The runs asked for, in order: saved files, names, or a label selector's matches (by name). */
  private List<RunData> read(KubernetesClient[] client) throws java.io.IOException {
    List<RunData> data = new ArrayList<>();
    if (!fromFiles.isEmpty()) {
      for (Path p : fromFiles) {
        data.add(FileSource.read(p, runs.isEmpty() ? null : runs.get(0)));
      }
      return data;
    }
    List<String> names = new ArrayList<>(runs);
    if (selector != null) {
      List<String> matched = ClusterSource.select(client(client), namespace, selector);
      if (matched.isEmpty()) {
        throw new IllegalArgumentException("no BenchmarkRun matches -l " + selector);
      }
      matched.stream().filter(n -> !names.contains(n)).forEach(names::add);
    }
    for (String name : names) {
      data.add(ClusterSource.read(client(client), namespace, name, s3(client)));
    }
    return data;
  }

  private ClusterSource.ObjectFetcher s3(KubernetesClient[] client) throws java.io.IOException {
    return ClusterSource.s3(client(client));
  }

  static String defaultDirName(Report r) {
    String name = r.combined() ? String.join("+", r.runs().stream().map(Report.RunInfo::run).toList()) : r.run();
    return name.length() <= 120 ? name : name.substring(0, 120);
  }

  private KubernetesClient client(KubernetesClient[] holder) throws java.io.IOException {
    if (holder[0] == null) {
      Config config = kubeconfig != null ? Config.fromKubeconfig(Files.readString(kubeconfig)) : Config.autoConfigure(null);
      holder[0] = new KubernetesClientBuilder().withConfig(config).build();
    }
    return holder[0];
  }

}
