package dev.regatta.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.HttpCheck;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.report.command.ClusterSource;
import dev.regatta.report.csv.CsvReport;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import dev.regatta.result.RepeatsLine;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The answer each benchmark of shared/DESIGN.md exists for, checked on a finished local-mode run of its example the
 * way its user would read it: in the run's status, in the printed table, and through {@code regatta report}'s
 * classes (the CSV, results read back from S3).
 */
final class ExampleAnswers {
  /** A check the inference example gets in the test only: it fails on every response, on purpose. */
  static final String FAILING_CHECK = "on-purpose";

  private final KubernetesClient client;
  private final long blob;
  private final String printed;

  ExampleAnswers(KubernetesClient client, long blob, String printed) {
    this.client = client;
    this.blob = blob;
    this.printed = printed;
  }

  /** The run that checks a failing check: the inference example's k6-shaped scenario alone. */
  static final String FAILING_RUN = "inference-failing-check";

  /**
   * A copy of the inference example whose k6-shaped scenario also expects a text no model server's answer holds: every
   * response fails that check, so nothing succeeds and the run must end Failed, with the check's pass rate shown.
   */
  static BenchmarkRun withFailingCheck(BenchmarkRun inference) {
    BenchmarkRun copy = dev.regatta.api.RunFiles.yaml().convertValue(
        dev.regatta.api.RunFiles.yaml().valueToTree(inference), BenchmarkRun.class);
    copy.getMetadata().setName(FAILING_RUN);
    copy.getSpec().getScenarios().removeIf(s -> !s.getName().equals("shared-iterations"));
    scenario(copy, "shared-iterations").getHttp().getExpect()
        .add(HttpCheck.bodyContains(FAILING_CHECK, "no server ever answers this"));
    return copy;
  }

  /** The failing check's pass rate (0) and error type are in the rows, and the run does not look like a success. */
  void failingCheck(BenchmarkRun run) {
    assertNotNull(run, "the run finished");
    assertEquals(dev.regatta.api.v1alpha1.Phase.Failed, run.getStatus().getPhase(),
        "no operation passed its checks: the run failed");
    assertTrue(LocalRunOutcomes.failure(run).contains("no operation succeeded in shared-iterations"), LocalRunOutcomes.failure(run));
    ResultRow shared = row(rows(run), "shared-iterations");
    Map<String, ResultRow.CheckRate> checks = shared.getChecks().stream()
        .collect(Collectors.toMap(ResultRow.CheckRate::getName, Function.identity()));
    assertEquals(0.0, checks.get(FAILING_CHECK).getPassRate());
    assertEquals(shared.getCount(), checks.get(FAILING_CHECK).getFails());
    assertEquals(1.0, checks.get("status-200").getPassRate(), "the other checks still pass");
    assertEquals(shared.getCount(), shared.getErrors(), "a failed check is an error (check:" + FAILING_CHECK + ")");
    String table = ResultTable.render(run);
    assertTrue(table.contains("check shared-iterations " + FAILING_CHECK + ": \u2717 0.00% passed"), table);
    assertTrue(table.contains("check shared-iterations status-200: \u2713 100.00% passed"), table);
  }

  /** MB/s per transport per buffer size, consistent with the operations and bytes the window counted. */
  void readSizeSweep(BenchmarkRun run) {
    List<ResultRow> rows = rows(run);
    Set<String> transports = new HashSet<>();
    for (ResultRow r : rows) {
      String where = r.getScenario() + " " + r.getParams();
      assertEquals("bandwidth", r.getHeadline(), where + ": a bufferSize sweep is about bandwidth");
      assertTrue(r.getMegabytesPerSecond() != null && r.getMegabytesPerSecond() > 0, where + ": MB/s");
      long size = Long.parseLong(r.getParams().get("bufferSize"));
      // a Redis operation reads one chunk of the blob, an HTTP or S3 one the whole blob: MB/s follows from ops/s
      long perOp = r.getScenario().equals("redis") ? Math.min(size, blob) : blob;
      double expected = r.getThroughputPerSecond() * perOp / 1e6;
      assertEquals(expected, r.getMegabytesPerSecond(), 0.01 * expected + 0.01, where + ": MB/s = ops/s x bytes per op");
      assertEquals(r.getBytesPerSecond() / 1e6, r.getMegabytesPerSecond(), 0.001, where + ": decimal MB/s");
      assertTrue(r.getBytesReceived() >= r.getCount() * perOp, where + ": the connections received at least the "
          + "payload: " + r.getBytesReceived() + " < " + r.getCount() + " x " + perOp);
      transports.add(r.getScenario());
    }
    assertEquals(Set.of("redis", "http", "https", "s3"), transports);
    assertEquals(4 * 2, rows.size(), "a row per transport per buffer size (scaled to two sizes)");
    assertTrue(printed.contains("MB/S"), "the printed table has the MB/s column");
  }

  /** Four rows named by configuration and client count, each a mean +- stddev over repeats, never a sum. */
  void servingMicrobenchmark(BenchmarkRun run) {
    List<ResultRow> rows = rows(run);
    assertEquals(4, rows.size(), "2 configurations x 1 and 8 clients");
    Set<String> seen = new HashSet<>();
    Pattern line = Pattern.compile("max_batch_size=(1, num_replicas=8|8, num_replicas=1): (1|8) clients small data "
        + "\\d+\\.\\d\\d \\+- \\d+\\.\\d\\d requests/s");
    for (ResultRow r : rows) {
      String text = RepeatsLine.of(r);
      assertTrue(line.matcher(text).matches(), text);
      assertTrue(printed.contains(text), "printed as the original script printed it: " + text);
      assertEquals(2, r.getRepeats(), text);
      assertNotNull(r.getThroughputStddev(), text);
      assertEquals(1, r.getPods(), text);
      seen.add(r.getLabels().get("url") + " / " + r.getLabels().get("connections"));
      // one configuration's requests only: its own URL in params, the run's text (not a stand-in's address)
      assertTrue(r.getParams().get("url").startsWith("http://serving-config-"), r.getParams().toString());
    }
    assertEquals(4, seen.size(), seen.toString());
  }

  /**
   * k6's summary: iterations with a maximum duration, request count, p95, data sent and received, and each check's
   * pass rate (one failing on purpose), and the same model over gRPC, read back through `regatta report` from the
   * bucket the run wrote to.
   */
  void inferenceServerLoad(BenchmarkRun run) {
    List<ResultRow> rows = rows(run);
    ResultRow shared = row(rows, "shared-iterations");
    long iterations = scenario(run, "shared-iterations").getIterations();
    assertTrue(shared.getCount() >= 1 && shared.getCount() <= iterations * shared.getRepeats(),
        "iterations with a duration stop at whichever comes first: " + shared.getCount() + " of " + iterations);
    for (ResultRow r : rows.stream().filter(r -> scenario(run, r.getScenario()).getHttp() != null).toList()) {
      assertNotNull(r.getLatencyMicros().getP95(), r.getScenario() + ": p95");
      assertTrue(r.getBytesSent() > 0 && r.getBytesReceived() > 0, r.getScenario() + ": data sent and received");
      Map<String, ResultRow.CheckRate> checks = r.getChecks().stream()
          .collect(Collectors.toMap(ResultRow.CheckRate::getName, Function.identity()));
      assertEquals(1.0, checks.get("status-200").getPassRate(), r.getScenario());
      assertEquals(1.0, checks.get("has-predictions").getPassRate(), r.getScenario());
      assertEquals(r.getCount(), checks.get("status-200").getPasses(), r.getScenario() + ": every response checked");
    }
    assertEquals(0, shared.getErrors(), "the stand-in answers like a model server: every check passes");
    assertTrue(printed.contains("check shared-iterations status-200: \u2713 100.00% passed"), printed);
    row(rows, "constant-arrival-rate");
    // the same model over gRPC (the stand-in speaks ModelInfer, with reflection): k6's summary, every call OK
    ResultRow grpc = row(rows, "grpc-constant-vus");
    assertTrue(grpc.getCount() > 0, "gRPC calls counted: " + grpc.getCount());
    assertEquals(0, grpc.getErrors(), "every ModelInfer call answered OK");
    for (Long p : java.util.Arrays.asList(grpc.getLatencyMicros().getP50(), grpc.getLatencyMicros().getP90(),
        grpc.getLatencyMicros().getP95(), grpc.getLatencyMicros().getP99())) {
      assertTrue(p != null && p > 0, "gRPC p50/p90/p95/p99: " + grpc.getLatencyMicros());
    }
    assertTrue(grpc.getBytesPerSecond() > 0, "the replies' bytes (a prediction per call)");
    assertTrue(printed.lines().anyMatch(l -> l.contains("grpc-constant-vus")), "the gRPC row is printed: " + printed);

    // the per-pod results are in the bucket: `regatta report` reads them through local mode's address map
    RunData data = ClusterSource.read(client, "default", "inference-server-load", ClusterSource.s3(client));
    assertEquals(run.getSpec().totalPods(), data.pods().size(), "one document per pod, read from S3");
    List<Map<String, String>> all = csvRows(CsvReport.write(ReportBuilder.build(data)));
    Map<String, String> csv = all.stream()
        .filter(c -> c.get("scenario").equals("shared-iterations") && c.get("region").equals("all")).findFirst()
        .orElseThrow();
    Map<String, String> grpcCsv = all.stream()
        .filter(c -> c.get("scenario").equals("grpc-constant-vus") && c.get("region").equals("all")).findFirst()
        .orElseThrow(() -> new AssertionError("no CSV row for the gRPC scenario: " + all));
    assertEquals(String.valueOf(grpc.getCount()), grpcCsv.get("count"), "the CSV has the gRPC calls");
    assertEquals(String.valueOf(shared.getCount()), csv.get("count"), "the CSV has the request count");
    assertEquals(String.valueOf(shared.getLatencyMicros().getP95()), csv.get("p95"), "the CSV has p95");
    assertEquals(1.0, Double.parseDouble(csv.get("check_status-200")), csv.toString());
  }

  /** `regatta report RUN`'s CSV rows of the whole fleet (region all), read as a user's report command reads them. */
  private List<Map<String, String>> fleetCsvRows(String run) {
    RunData data = ClusterSource.read(client, "default", run, null);
    return csvRows(CsvReport.write(ReportBuilder.build(data))).stream().filter(c -> c.get("region").equals("all"))
        .toList();
  }

  /** One CSV for the run: a row per test x client x replica count, with MB/s, CPU, memory and network. */
  void ioClientComparison(BenchmarkRun run) {
    List<Map<String, String>> csv = fleetCsvRows("io-client-comparison");
    Set<String> points = new HashSet<>();
    for (Map<String, String> c : csv) {
      String where = c.get("scenario") + " " + c.get("client") + " x" + c.get("param_pods");
      points.add(where);
      assertTrue(Double.parseDouble(c.get("mb_per_s")) > 0, where + ": MB/s " + c);
      assertTrue(Double.parseDouble(c.get("net_rx_mb_per_s")) > 0, where + ": network received " + c);
      // S3 counts the bodies its connections move (WORKLOADS.md): a GET sends none, so only that it is counted
      assertTrue(Double.parseDouble(c.get("net_tx_mb_per_s")) >= 0, where + ": network sent " + c);
      assertTrue(Double.parseDouble(c.get("cpu_cores")) > 0, where + ": CPU utilisation " + c);
      assertTrue(Double.parseDouble(c.get("peak_rss_bytes")) > 0, where + ": memory " + c);
      int replicas = Integer.parseInt(c.get("param_pods"));
      int pods = Integer.parseInt(c.get("pods"));
      // a pod whose window began late is left out (status.faults says so); never more pods than the point's
      assertTrue(pods <= replicas && (pods == replicas || run.getStatus().getFaults() != null), where + ": " + c);
    }
    assertEquals(2 * 2 * 2, csv.size(), "2 tests x 2 clients x 2 replica counts (scaled): " + points);
    assertEquals(csv.size(), points.size(), points.toString());
  }

  /**
   * MB/s per Python library x replica count, measured by the real libraries (an external tool): every GET read
   * the whole object, nothing failed, and the CSV has one row per library x replica count.
   */
  void ioClientPython(BenchmarkRun run) {
    List<Map<String, String>> csv = fleetCsvRows("io-client-python");
    Set<String> points = new HashSet<>();
    for (Map<String, String> c : csv) {
      String where = c.get("library") + " x" + c.get("param_pods");
      points.add(where);
      assertEquals("bandwidth", c.get("headline"), where + ": the question is MB/s");
      assertTrue(Double.parseDouble(c.get("mb_per_s")) > 0, where + ": MB/s " + c);
      assertEquals("0", c.get("errors"), where + ": " + c);
      long count = Long.parseLong(c.get("count"));
      assertTrue(count > 0, where + ": requests " + c);
      assertEquals(count * 1048576, Long.parseLong(c.get("bytes_received")), where + ": each GET read the whole "
          + "1 MiB object, counted by the library's own tool");
      assertTrue(Integer.parseInt(c.get("pods")) <= Integer.parseInt(c.get("param_pods")), where + ": " + c);
      // the library's process does the work: its CPU and memory are the pod's (WORKLOADS.md, Resources)
      assertTrue(Double.parseDouble(c.get("cpu_cores")) > 0, where + ": CPU utilisation " + c);
      assertTrue(Long.parseLong(c.get("peak_rss_bytes")) > 0, where + ": memory " + c);
    }
    assertEquals(Set.of("requests x1", "requests x2", "httpx x1", "httpx x2", "aiohttp x1", "aiohttp x2", "boto3 x1",
        "boto3 x2", "fsspec x1", "fsspec x2"), points, "5 libraries x 2 replica counts (scaled)");
    assertEquals(csv.size(), points.size(), points.toString());
  }

  /** tasks/s and makespan per broker x mode x data size; the generator paced as the original's. */
  void streamScaling(BenchmarkRun run) {
    List<ResultRow> rows = rows(run);
    assertEquals(2 * 2 * 2, rows.size(), "2 brokers x 2 modes x 2 data sizes (scaled)");
    for (ResultRow r : rows) {
      StreamWorkload w = scenario(run, r.getScenario()).getStream();
      String where = r.getScenario() + " " + r.getParams();
      assertEquals(0, r.getErrors(), where);
      assertEquals((long) w.getTasks() * r.getRepeats(), r.getCount(), where + ": every task done, once");
      assertNotNull(r.getMakespanSeconds(), where + ": makespan");
      // one task every taskSleep / (workers - 1): the last is emitted no sooner than (tasks - 1) intervals in,
      // and it then works for taskSleep
      double interval = Durations.parse(w.getTaskSleep()).toMillis() / 1000.0 / Math.max(1, w.getWorkers() - 1);
      double least = (w.getTasks() - 1) * interval + Durations.parse(w.getTaskSleep()).toMillis() / 1000.0;
      assertTrue(r.getMakespanSeconds() >= least * 0.99, where + ": makespan " + r.getMakespanSeconds() + " < " + least);
      assertEquals("tasks/s", r.getRateUnit(), where);
    }
  }

  private static List<ResultRow> rows(BenchmarkRun run) {
    assertNotNull(run, "the run finished");
    List<ResultRow> rows = run.getStatus().getResults();
    assertNotNull(rows, run.getMetadata().getName());
    return rows;
  }

  private static ResultRow row(List<ResultRow> rows, String scenario) {
    return rows.stream().filter(r -> r.getScenario().equals(scenario)).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + scenario));
  }

  private static Scenario scenario(BenchmarkRun run, String name) {
    return run.getSpec().getScenarios().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  /** The CSV as one map per line, header -> cell (RFC 4180 quoting). */
  static List<Map<String, String>> csvRows(String csv) {
    List<List<String>> lines = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char ch = csv.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else if (ch == '\n') {
        cells.add(cell.toString().replace("\r", ""));
        cell.setLength(0);
        lines.add(cells);
        cells = new ArrayList<>();
      } else {
        cell.append(ch);
      }
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> l : lines.subList(1, lines.size())) {
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < lines.get(0).size(); i++) {
        m.put(lines.get(0).get(i), i < l.size() ? l.get(i) : "");
      }
      out.add(m);
    }
    return out;
  }
}
