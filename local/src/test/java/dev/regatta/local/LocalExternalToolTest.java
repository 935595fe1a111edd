package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.local.standins.TargetPlan;
import dev.regatta.operator.results.FaultScreen;
import dev.regatta.result.Histograms;
import dev.regatta.runner.standin.HttpStandin;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external workload end to end in local mode: real runner JVMs in two regions each start a real Python
 * script (Debian's python3 with python3-requests) at the start instant; it sends HTTP requests to a loopback
 * target and writes JSON lines. The fleet p99 in status is the p99 of every latency the scripts wrote in their
 * measured windows, pooled here from the scripts' own copies, and the scripts start no further apart than a built-in
 * runner's start may be late. In the same run, a small Java tool logs interval
 * histograms with HdrHistogram's HistogramLogWriter, and its fleet p99 is that of the values it logged; a tool
 * that prints only percentiles stays per pod, and a command that does not exist is a ToolFailed fault naming each pod.
 */
class LocalExternalToolTest {
  /** The load script of docs/WORKLOADS.md, plus a copy of what it wrote (and its window) for the test. */
  private static final String SCRIPT = """
      import time; started = time.time()
      import json, os, shutil, sys, requests
      url, results = sys.argv[1], os.environ["REGATTA_RESULTS"]
      end = int(os.environ["REGATTA_MEASURED_END_EPOCH_MS"]) / 1000
      with open(results, "w") as out, requests.Session() as s:
          while time.time() < end:
              t = time.time()
              try: r = s.get(url, timeout=10); ok, err, n = r.ok, None if r.ok else f"http_{r.status_code}", len(r.content)
              except requests.RequestException as e: ok, err, n = False, type(e).__name__, 0
              out.write(json.dumps({"t_ms": t * 1000, "latency_us": (time.time() - t) * 1e6, "ok": ok, "error": err, "bytes_in": n}) + "\\n")
      window = os.environ["REGATTA_MEASURED_START_EPOCH_MS"] + "-" + os.environ["REGATTA_MEASURED_END_EPOCH_MS"]
      shutil.copy(results, os.path.join(sys.argv[2], window + "-" + str(os.getpid()) + ".jsonl"))
      open(os.path.join(sys.argv[2], window + "-" + str(os.getpid()) + ".start"), "w").write(str(started * 1000))
      """;
  private static final String WRK_LIKE = "print('  Latency Distribution\\n     50%  250.00us\\n     99%    5.80ms\\n"
      + "  1000 requests in 1.00s, 1.00MB read')";

  @TempDir
  static Path tmp;
  static HttpStandin target;
  static LocalCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    target = HttpStandin.withDelay(64, Duration.ofMillis(1));
    cluster = LocalCluster.start(new LocalCluster.Settings(0, Repo.runnerJar(), tmp.resolve("work"), Zone.DEFAULT, 1,
        Repo.redisServer(), 64 * 1024, Duration.ofSeconds(2)), new TargetPlan());
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (target != null) {
      target.close();
    }
  }

  private static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  @Test
  void fleetP99IsThePooledP99OfTheToolsLatenciesAndPercentileOnlyAndBrokenToolsStayPerPod() throws Exception {
    Path script = tmp.resolve("load.py");
    Files.writeString(script, SCRIPT);
    Path copies = Files.createDirectories(tmp.resolve("copies"));
    Path hdrCopies = Files.createDirectories(tmp.resolve("hdr-copies"));
    // A 5 s window and start delay: a loaded machine's runner JVMs may learn the start instant late, and the first
    // window's start tolerance is a tenth of it (FaultScreen); a late pod would be left out, as it should.
    BenchmarkRun run = RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: byo, namespace: default}
        spec:
          placements:
            - {name: eu, pods: 1, region: eu-west-1}
            - {name: us, pods: 1, region: us-east-1}
          scenarios:
            - name: python-requests
              warmup: 1s
              duration: 5s
              external:
                command: [%1$s, %2$s]
                args: ["{{url}}", %3$s]
                results: {path: requests.jsonl, format: jsonl}
              matrix:
                url: {values: ["%4$s"]}
            - name: hdr-log
              warmup: 1s
              duration: 3s
              external:
                command: [%6$s, -cp, "%7$s", dev.regatta.local.HdrLogTool, %8$s]
                results: {path: latency.hlog, format: hdrhistogram-log, unit: us}
            - name: wrk-like
              warmup: 0s
              duration: 1s
              external:
                command: [%1$s, -c, "%5$s"]
                results: {format: wrk-latency}
            - name: missing-tool
              warmup: 0s
              duration: 1s
              external:
                command: [/nonexistent/regatta-tool]
                results: {path: out.jsonl, format: jsonl}
          startDelay: 5s
          startTimeout: 4m
          timeout: 6m
        """.formatted(python(), script, copies, target.url(), WRK_LIKE.replace("\\", "\\\\").replace("\"", "\\\""),
        ProcessHandle.current().info().command().orElse("java"), hdrToolClasspath(), hdrCopies),
        "test").get(0);
    client.resources(BenchmarkRun.class).inNamespace("default").resource(run).create();
    BenchmarkRun done = await("byo to end").atMost(Duration.ofMinutes(5)).ignoreExceptions()
        .until(() -> client.resources(BenchmarkRun.class).inNamespace("default").withName("byo").get(),
            r -> r != null && r.getStatus() != null && r.getStatus().getPhase() != null
                && r.getStatus().getPhase().isFinished());
    BenchmarkRunStatus st = done.getStatus();
    String said = io.fabric8.kubernetes.client.utils.Serialization.asYaml(st);
    assertEquals(Phase.Succeeded, st.getPhase(), said);

    // 1. The fleet row is the pool of what both scripts wrote inside their measured windows.
    List<Long> raw = new ArrayList<>();
    Histogram pooled = Histograms.newHistogram();
    List<Path> files;
    try (Stream<Path> s = Files.list(copies)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).toList();
    }
    assertEquals(2, files.size(), "one script per pod: " + files);
    ObjectMapper json = new ObjectMapper();
    for (Path f : files) {
      String[] window = f.getFileName().toString().split("-");
      long start = Long.parseLong(window[0]) * 1000;
      long end = Long.parseLong(window[1]) * 1000;
      for (String line : Files.readAllLines(f)) {
        JsonNode n = json.readTree(line);
        long sentMicros = (long) (n.get("t_ms").asDouble() * 1000);
        if (sentMicros >= start && sentMicros < end) {
          long us = Math.round(n.get("latency_us").asDouble());
          raw.add(us);
          Histograms.recordMicros(pooled, us);
        }
      }
    }
    Collections.sort(raw);
    // 0. The tools start at the fleet's instant: no pod's first request before status.barrier.startAt, and the
    // tools' processes (their first statement) no further apart than a built-in runner's window start may be late
    // (FaultScreen). Their first requests come later by what each tool spends on its own start (Python's imports).
    long startAtMillis = Instant.parse(st.getBarrier().getStartAt()).toEpochMilli();
    List<Double> starts = new ArrayList<>();
    List<Double> firsts = new ArrayList<>();
    for (Path f : files) {
      starts.add(Double.parseDouble(Files.readString(Path.of(f.toString().replace(".jsonl", ".start")))));
      firsts.add(Files.readAllLines(f).stream().mapToDouble(l -> jsonTime(json, l)).min()
          .orElseThrow(() -> new AssertionError(f + ": the tool sent nothing; " + said)));
    }
    for (int i = 0; i < files.size(); i++) {
      assertTrue(starts.get(i) >= startAtMillis, "a tool started before the instant: " + starts.get(i) + " < "
          + startAtMillis);
      assertTrue(firsts.get(i) >= starts.get(i), "a request before its tool started");
    }
    double skewMillis = Collections.max(starts) - Collections.min(starts);
    long bound = FaultScreen.tolerance(5).toMillis();
    assertTrue(skewMillis <= bound, "the tools started " + starts + ", " + skewMillis + " ms apart, over the " + bound
        + " ms a runner's start may be late (first requests " + firsts + ")");
    ResultRow row = row(st, "python-requests");
    assertEquals(2, row.getPods(), said);
    assertEquals(raw.size(), row.getCount(), "every request sent in the windows, none of the warm-up");
    assertTrue(raw.size() > 100, "the scripts made requests: " + raw.size());
    assertEquals(0, row.getErrors());
    long p99 = row.getLatencyMicros().getP99();
    assertEquals(pooled.getValueAtPercentile(99), p99, "the pooled histogram's p99");
    long exact = raw.get((int) Math.ceil(0.99 * raw.size()) - 1);
    assertTrue(p99 >= exact && p99 <= exact + exact / 1000 + 1,
        "p99 " + p99 + " is the exact pooled p99 " + exact + " to HdrHistogram's 3 digits");
    assertEquals(2, row.getByRegion().size(), "one row per region");

    // 2. An HdrHistogram interval log (HistogramLogWriter): the fleet p99 is the p99 of every value the two tools
    // logged in intervals of their windows, pooled here; the warm-up's interval is left out.
    List<Long> logged = new ArrayList<>();
    try (Stream<Path> s = Files.list(hdrCopies)) {
      for (Path f : s.toList()) {
        Files.readAllLines(f).forEach(l -> logged.add(Long.parseLong(l)));
      }
    }
    Collections.sort(logged);
    ResultRow hdr = row(st, "hdr-log");
    assertEquals(2, hdr.getPods(), said);
    assertEquals(logged.size(), hdr.getCount(), "the window's intervals of both tools, not the warm-up's");
    assertEquals(2L * 3 * HdrLogTool.PER_INTERVAL, hdr.getCount(), "three intervals a pod in a 3 s window");
    Histogram loggedPool = new Histogram(3);
    logged.forEach(loggedPool::recordValue);
    assertEquals(loggedPool.getValueAtPercentile(99), hdr.getLatencyMicros().getP99().longValue(),
        "the p99 of the pooled logged values, as exact as the tools' own 3-digit histograms");

    // 3. Percentile-only: counted, never a fleet percentile.
    ResultRow wrk = row(st, "wrk-like");
    assertEquals(2000, wrk.getCount());
    assertNull(wrk.getLatencyMicros(), "no fleet percentile from two pods' percentiles");
    assertEquals(2, wrk.getPercentileOnlyPods().size());

    // 4. A broken tool: a clear fault per pod, the run partial, the other scenarios intact.
    List<BenchmarkRunStatus.Fault> failed = st.getFaults().stream()
        .filter(f -> BenchmarkRunStatus.Fault.TOOL_FAILED.equals(f.getType())).toList();
    assertEquals(2, failed.size(), "one per pod: " + st.getFaults());
    for (BenchmarkRunStatus.Fault f : failed) {
      assertNotNull(f.getPod());
      assertTrue(f.getMessage().contains("missing-tool") && f.getMessage().contains("could not be started"),
          f.getMessage());
    }
    assertEquals(Boolean.TRUE, st.getPartial());
  }

  private static double jsonTime(ObjectMapper json, String line) {
    try {
      return json.readTree(line).get("t_ms").asDouble();
    } catch (java.io.IOException e) {
      throw new AssertionError("not a record: " + line, e);
    }
  }

  /** The test's classes (HdrLogTool) and HdrHistogram's jar: all the tool needs. */
  private static String hdrToolClasspath() throws Exception {
    return Path.of(HdrLogTool.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + java.io.File.pathSeparator
        + Path.of(Histogram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static ResultRow row(BenchmarkRunStatus st, String scenario) {
    return st.getResults().stream().filter(r -> r.getScenario().equals(scenario)).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + scenario + " in " + st.getResults()));
  }
}
