package dev.regatta.runner.external;

import dev.regatta.api.v1alpha1.ExternalWorkload;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResourceUse;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.external.formats.PercentileOnly;
import dev.regatta.runner.external.formats.ToolRecords;
import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.LoadWindow;
import dev.regatta.runner.workload.SelfTimedWorkload;
import dev.regatta.units.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The external workload: each window starts the user's tool at once (the engine calls {@link #run} at the start
 * instant), stops it at warm-up + duration + gracePeriod at the latest, then reads what it wrote into the same
 * Recorder the built-in workloads fill, windowed by the records' own send times. What went wrong (start, exit
 * code, deadline, results) becomes the window's {@code toolError}; what was read is kept.
 */
public final class ExternalTool implements SelfTimedWorkload {
  /** Standard output kept when it is the results (wrk's summary is a few hundred bytes). */
  static final int STDOUT_RESULTS_LIMIT = 16 << 20;

  private final ExternalWorkload spec;
  private final ScenarioPlan plan;
  private final Map<String, String> runnerEnv;
  private final Path baseDir;
  private int repeat;
  private String windowError;
  private PercentileOnly percentileOnly;
  /** The tool's peak memory in this window (it does the work, so it is the pod's peak), null if unknown. */
  private Long toolPeakRss;

  public ExternalTool(ExternalWorkload spec, ScenarioPlan plan, Map<String, String> runnerEnv, Path baseDir) {
    this.spec = spec;
    this.plan = plan;
    this.runnerEnv = runnerEnv;
    this.baseDir = baseDir;
  }

  public ExternalTool(ScenarioPlan plan) {
    this((ExternalWorkload) plan.workload(), plan, System.getenv(), Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Override
  public void prepare() throws Exception {
    if (plan.duration() == null) {
      throw new IllegalArgumentException("scenario " + plan.scenario() + ": an external tool needs a duration: "
          + "the runner stops it at warmup + duration + gracePeriod");
    }
    Files.createDirectories(baseDir);
  }

  @Override
  public void run(LoadWindow window, Supplier<Recorder> recorders) throws Exception {
    int thisRepeat = repeat++;
    windowError = null;
    percentileOnly = null;
    toolPeakRss = null;
    long nowNanos = System.nanoTime();
    long nowEpochMicros = System.currentTimeMillis() * 1000;
    // The window in whole milliseconds, as the tool is told it (REGATTA_MEASURED_START_EPOCH_MS): records are
    // judged against the same instants the tool sees, never a fraction of a millisecond apart.
    long measuredStartEpochMicros = Math.floorDiv(nowEpochMicros + (window.measuredStartNanos() - nowNanos) / 1000
        + 999, 1000) * 1000;
    long measuredEndEpochMicros = measuredStartEpochMicros + plan.duration().toNanos() / 1000;
    long windowStartEpochMillis = nowEpochMicros / 1000;

    Path workDir = Files.createTempDirectory(baseDir, "regatta-tool-");
    Path results = spec.getResults().getPath() == null ? null : workDir.resolve(spec.getResults().getPath());
    ToolCommand command;
    try {
      command = ToolCommand.of(spec, plan, thisRepeat, results, measuredStartEpochMicros / 1000, runnerEnv);
    } catch (IllegalStateException e) { // a secretEnv key the runner was not given
      windowError = "the tool was not started: " + e.getMessage();
      deleteQuietly(workDir);
      return;
    }
    long grace = Durations.parse(spec.getGracePeriod(), java.time.Duration.ofSeconds(30)).toNanos();
    long deadline = window.measuredStartNanos() + plan.duration().toNanos() + grace;
    try {
      measure(window, recorders, command, workDir, results, deadline, grace, measuredStartEpochMicros,
          measuredEndEpochMicros, windowStartEpochMillis);
    } finally {
      deleteQuietly(workDir);
    }
  }

  private void measure(LoadWindow window, Supplier<Recorder> recorders, ToolCommand command, Path workDir,
      Path results, long deadline, long grace, long measuredStartEpochMicros, long measuredEndEpochMicros,
      long windowStartEpochMillis) throws InterruptedException {
    ToolProcess.Exit exit = ToolProcess.run(command, workDir,
        results == null ? STDOUT_RESULTS_LIMIT : ToolProcess.LOG_LIMIT, deadline);
    toolPeakRss = exit.peakRssBytes();

    if (exit.startError() != null) {
      windowError = "the tool could not be started (" + command.argv().get(0) + "): " + exit.startError();
      return;
    }
    Recorder recorder = recorders.get();
    ResultsFile file = new ResultsFile(spec.getResults());
    String problem = file.read(results, exit.stdout().bytes(), windowStartEpochMillis,
        new ToolRecords(recorder, measuredStartEpochMicros, measuredEndEpochMicros));
    percentileOnly = file.percentileOnly;
    if (results == null && exit.stdout().dropped() > 0) {
      problem = "the tool's standard output (its results) exceeded " + STDOUT_RESULTS_LIMIT + " bytes; the rest was "
          + "dropped" + (problem == null ? "" : "; " + problem);
    }
    windowError = outcome(exit, grace) + (problem == null ? "" : (outcome(exit, grace).isEmpty() ? "" : "; ") + problem);
    if (windowError.isEmpty()) {
      windowError = null;
    }
  }

  /** Each window's directory goes once read: a long sweep must not fill the node's disk with results files. */
  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | RuntimeException e) {
      // best effort: a leftover directory is in the runner's temporary directory
    }
  }

  /** The process's end as a reason, or "" when it exited 0 in time. */
  private static String outcome(ToolProcess.Exit exit, long graceNanos) {
    if (exit.stopped()) {
      return "the tool was still running " + Durations.format(java.time.Duration.ofNanos(graceNanos))
          + " after its window and was stopped";
    }
    if (exit.exitCode() == null || exit.exitCode() != 0) {
      String said = exit.stderr().lastLine();
      return "the tool exited with code " + exit.exitCode() + (said.isEmpty() ? "" : " (stderr: " + said + ")");
    }
    return "";
  }

  /** Adds the window's tool error and, for a percentile-only format, replaces the figures with the tool's own. */
  @Override
  public ScenarioResult amend(ScenarioResult r) {
    PercentileOnly p = percentileOnly;
    if (p == null) {
      return windowError == null && toolPeakRss == null ? r : with(r, r.count(), r.errors(), r.errorsByType(),
          r.durationSeconds(), r.throughputPerSecond(), r.latencyMicros(), r.histogram(), r.bytesReceived(), null);
    }
    double secs = p.durationSeconds();
    return with(r, p.count(), p.errors(), p.errorsByType(), secs, Math.round(p.count() / secs * 1000) / 1000.0,
        summary(p.percentileMicros()), null, p.bytesReceived(), false);
  }

  private ScenarioResult with(ScenarioResult r, long count, long errors, Map<String, Long> errorsByType, double secs,
      double throughput, LatencySummary latency, String histogram, Long bytesReceived, Boolean mergeable) {
    return new ScenarioResult(r.name(), r.params(), r.repeat(), count, errors, errorsByType, r.dropped(), secs,
        throughput, r.bytesPerSecond(), r.bytes(), latency, histogram, r.startEpochMicros(), r.endEpochMicros(),
        withToolMemory(r.resources()), r.bytesSent(), bytesReceived, r.checks(), r.makespanSeconds(), r.labels(), r.headline(),
        r.rateUnit(), mergeable, windowError);
  }

  /** The runner's figures (its CPU already counts the tool's, a waited-for child) with the larger of the two peaks. */
  private ResourceUse withToolMemory(ResourceUse runner) {
    if (toolPeakRss == null || runner == null) {
      return runner;
    }
    long peak = runner.peakRssBytes() == null ? toolPeakRss : Math.max(runner.peakRssBytes(), toolPeakRss);
    return new ResourceUse(runner.cpuSeconds(), peak, runner.netRxBytes(), runner.netTxBytes(), runner.cpuCores());
  }

  /** The tool's percentiles as printed; the fixed fields it does not print stay empty rather than guessed. */
  static LatencySummary summary(Map<Double, Long> percentiles) {
    LatencySummary s = new LatencySummary();
    Map<String, Long> other = new LinkedHashMap<>();
    percentiles.forEach((p, v) -> {
      if (p == 50) {
        s.setP50(v);
      } else if (p == 75) {
        s.setP75(v);
      } else if (p == 90) {
        s.setP90(v);
      } else if (p == 95) {
        s.setP95(v);
      } else if (p == 99) {
        s.setP99(v);
      } else if (p == 99.9) {
        s.setP999(v);
      } else {
        other.put(LatencySummary.key(p), v);
      }
    });
    s.setPercentiles(other.isEmpty() ? null : other);
    return s;
  }

  @Override
  public void close() {}
}
