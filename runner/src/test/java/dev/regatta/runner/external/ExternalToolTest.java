package dev.regatta.runner.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.ExternalWorkload;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.Histograms;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.PreparedPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external workload with real processes (python3): the window's records are merged exactly, warm-up and late
 * records are left out, and each way a tool can fail is one clear line in the window's toolError.
 */
class ExternalToolTest {
  @TempDir
  Path tmp;
  private ScenarioPlan lastPlan;

  /**
   * A tool that writes, without waiting, one warm-up record, the given latencies (µs) sent inside the measured
   * window, and one record after it; each record's parameter value is its bytes_in.
   */
  private static final String WRITER = """
      import json, os, sys
      start = int(os.environ["REGATTA_MEASURED_START_EPOCH_MS"])
      end = int(os.environ["REGATTA_MEASURED_END_EPOCH_MS"])
      size = int(os.environ["REGATTA_PARAM_SIZE"])
      with open(os.environ["REGATTA_RESULTS"], "w") as f:
          f.write(json.dumps({"t_ms": start - 1, "latency_us": 999999}) + "\\n")
          for i, us in enumerate(sys.argv[2:]):
              f.write(json.dumps({"t_ms": start + i, "latency_us": int(us), "ok": i % 10 != 0, "bytes_in": size}) + "\\n")
          f.write(json.dumps({"t_ms": end, "latency_us": 999999}) + "\\n")
      sys.exit(int(sys.argv[1]))
      """;

  private ScenarioResult run(List<String> command, List<String> args, String path, ExternalWorkload.Format format,
      String grace) throws Exception {
    ExternalWorkload w = new ExternalWorkload();
    w.setCommand(command);
    w.setArgs(args);
    ExternalWorkload.Results r = new ExternalWorkload.Results();
    r.setPath(path);
    r.setFormat(format);
    w.setResults(r);
    w.setGracePeriod(grace);
    ScenarioPlan plan = new ScenarioPlan("tool", Map.of("size", "100"), WorkloadKind.EXTERNAL, w, Load.closed(1),
        Duration.ofSeconds(1), null, Duration.ZERO, 1);
    lastPlan = plan;
    try (PreparedPlan p = PreparedPlan.open(plan, new ExternalTool(w, plan, System.getenv(), tmp))) {
      return p.measure(0);
    }
  }

  private ScenarioResult writer(int exitCode, List<Long> latencies) throws Exception {
    Path script = tmp.resolve("writer.py");
    Files.writeString(script, WRITER);
    List<String> args = new ArrayList<>(List.of(Integer.toString(exitCode)));
    latencies.forEach(l -> args.add(l.toString()));
    return run(List.of(Python.interpreter(), script.toString()), args, "out.jsonl", ExternalWorkload.Format.JSONL, "30s");
  }

  @Test
  void theWindowsRecordsMergeExactlyWithoutWarmupOrLateOnes() throws Exception {
    List<Long> latencies = new ArrayList<>();
    Histogram expected = Histograms.newHistogram();
    for (int i = 0; i < 500; i++) {
      long us = 50 + (i * 7919L) % 20_000;
      latencies.add(us);
      expected.recordValue(us);
    }
    ScenarioResult r = writer(0, latencies);
    assertNull(r.toolError());
    assertEquals(500, r.count());
    assertEquals(50, r.errors(), "every tenth record says ok: false");
    assertEquals(expected, Histograms.decode(r.histogram()));
    assertEquals(expected.getValueAtPercentile(99), r.latencyMicros().getP99());
    assertEquals(500 * 100L, r.bytesReceived());
  }

  @Test
  void aNonZeroExitIsTheWindowsErrorAndWhatItWroteIsKept() throws Exception {
    ScenarioResult r = writer(3, List.of(100L, 200L));
    assertEquals(2, r.count());
    assertTrue(r.toolError().contains("exited with code 3"), r.toolError());
    assertTrue(dev.regatta.runner.record.Summary.format(lastPlan, r).contains("Tool failed: the tool exited with code 3"));
  }

  @Test
  void aCommandThatDoesNotExistSaysSo() throws Exception {
    ScenarioResult r = run(List.of("/nonexistent/regatta-tool"), List.of(), "out.jsonl", ExternalWorkload.Format.JSONL,
        "30s");
    assertEquals(0, r.count());
    assertTrue(r.toolError().contains("could not be started (/nonexistent/regatta-tool)"), r.toolError());
  }

  @Test
  void missingEmptyAndGarbageResultsAreNamed() throws Exception {
    ScenarioResult missing = run(List.of(Python.interpreter(), "-c", "pass"), List.of(), "out.jsonl",
        ExternalWorkload.Format.JSONL, "30s");
    assertTrue(missing.toolError().contains("does not exist"), missing.toolError());

    ScenarioResult empty = run(List.of(Python.interpreter(), "-c", "open('out.log', 'w')"), List.of(), "out.log",
        ExternalWorkload.Format.HDRHISTOGRAM_LOG, "30s");
    assertTrue(empty.toolError().contains("no interval histogram"), empty.toolError());

    ScenarioResult garbage = run(List.of(Python.interpreter(), "-c", "open('out.json', 'w').write('GET / 200\\n')"), List.of(),
        "out.json", ExternalWorkload.Format.K6_JSON, "30s");
    assertTrue(garbage.toolError().contains("line 1 is not JSON"), garbage.toolError());
    assertEquals(0, garbage.count());
  }

  @Test
  void aToolThatHangsIsStoppedAfterItsGracePeriod() throws Exception {
    ScenarioResult r = run(List.of(Python.interpreter(), "-c", "import time\nwhile True: time.sleep(1)"), List.of(),
        "out.jsonl", ExternalWorkload.Format.JSONL, "1s");
    assertTrue(r.toolError().contains("was stopped"), r.toolError());
  }

  @Test
  void hugeOutputIsBoundedAndAPercentileOnlyResultNeverMerges() throws Exception {
    // 64 MiB of standard output before wrk's summary: more than is kept of stdout read as results
    String flood = "import sys\nfor _ in range(1024): sys.stdout.write('x' * 65536)\n";
    ScenarioResult flooded = run(List.of(Python.interpreter(), "-c", flood), List.of(), null, ExternalWorkload.Format.WRK_LATENCY,
        "30s");
    assertTrue(flooded.toolError().contains("exceeded " + ExternalTool.STDOUT_RESULTS_LIMIT), flooded.toolError());

    String wrk = "print('''  Latency Distribution\\n     50%  250.00us\\n     99%    5.80ms\\n"
        + "  1000 requests in 1.00s, 1.00MB read\\n''')";
    ScenarioResult p = run(List.of(Python.interpreter(), "-c", wrk), List.of(), null, ExternalWorkload.Format.WRK_LATENCY, "30s");
    assertNull(p.toolError());
    assertFalse(p.histogramMerges());
    assertNull(p.histogram());
    assertEquals(1000, p.count());
    assertEquals(5800L, p.latencyMicros().getP99());
    String printed = dev.regatta.runner.record.Summary.format(lastPlan, p);
    assertTrue(printed.contains("not mergeable") && printed.contains("5.80ms"), printed);
  }

  @Test
  void theToolsCpuAndMemoryAreThePodsBecauseItDoesTheWork() throws Exception {
    // More memory than this JVM holds, so only the tool's own peak can explain the figure; and half a second of CPU,
    // far more than a runner waiting for its child spends.
    long jvm = dev.regatta.runner.record.ProcResources.peakRss(ProcessHandle.current().pid());
    long mib = jvm / (1 << 20) + 128;
    Path report = tmp.resolve("tool-use.txt");
    String tool = """
        import os, sys, time
        block = bytearray(%d << 20)
        for i in range(0, len(block), 4096): block[i] = 1
        t = time.process_time()
        while time.process_time() - t < 0.5: pass
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
        u = os.times()
        open(sys.argv[1], "w").write(f"{u[0] + u[1]} {int(hwm) * 1024}")
        open(os.environ["REGATTA_RESULTS"], "w").close()
        """.formatted(mib);
    ScenarioResult r = run(List.of(Python.interpreter(), "-c", tool), List.of(report.toString()), "out.jsonl",
        ExternalWorkload.Format.JSONL, "30s");
    String[] said = Files.readString(report).split(" ");
    double toolCpu = Double.parseDouble(said[0]);
    long toolPeak = Long.parseLong(said[1]);
    assertTrue(toolPeak > jvm, "the tool held more than the JVM: " + toolPeak + " vs " + jvm);
    assertTrue(r.resources().peakRssBytes() >= toolPeak, "peak " + r.resources().peakRssBytes() + " < the tool's "
        + toolPeak);
    // /proc counts CPU in 10 ms ticks: the tool's own figure rounded down to one
    assertTrue(r.resources().cpuSeconds() >= toolCpu - 0.01, "cpu " + r.resources().cpuSeconds() + " < the tool's "
        + toolCpu);
  }
}
