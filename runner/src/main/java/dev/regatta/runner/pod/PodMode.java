package dev.regatta.runner.pod;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.NoSuccess;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.SeriesFit;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.Main;
import dev.regatta.runner.cli.ConfigException;
import dev.regatta.runner.engine.Engine;
import dev.regatta.runner.live.LivePod;
import dev.regatta.runner.engine.WallClock;
import dev.regatta.runner.engine.PreparedPlan;
import dev.regatta.runner.engine.StopSignal;
import dev.regatta.runner.record.Summary;
import dev.regatta.runner.sidecar.SidecarPreparer;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.units.Durations;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The runner side of docs/PROTOCOL.md: prepare, report ready, wait for the start instant, run every plan ×
 * repeat, publish the result document, exit 0 / 1 (retryable) / 2 (bad run file).
 *
 * <p>On SIGTERM (its Job suspended by an abort, its pod deleted or evicted) it stops load at once, ends the window
 * in progress at that instant and publishes what it measured, marked {@code stopped}, before the JVM exits.
 */
public final class PodMode {
  /** Overrides /dev/termination-log (local mode, tests). */
  public static final String TERMINATION_LOG_ENV = "REGATTA_TERMINATION_LOG";
  /**
   * The longest the SIGTERM hook holds the JVM for the result to be written: inside Kubernetes' default
   * terminationGracePeriodSeconds (30 s), after which the kubelet kills the container anyway.
   */
  static final long STOP_BOUND_SECONDS = 25;

  private final KubernetesClient client;
  private final Map<String, String> env;
  private final PrintStream out;
  private final List<ScenarioResult> finished = Collections.synchronizedList(new ArrayList<>());
  /** What this pod found when it reported ready: its attempt at the index, the pods it replaced. */
  private ResultConfigMap.TakeOver took;
  private final StopSignal stop = new StopSignal();
  /** Counted down once run() has written what it will write: the SIGTERM hook waits for it. */
  private final CountDownLatch settled = new CountDownLatch(1);
  /** Set (under this) when load is about to start: from then on a SIGTERM stops load rather than interrupting. */
  private boolean measuring;
  private Thread mainThread;
  /** What a stop cut short, set when the engine stopped early. */
  private volatile ResultDocument.Stopped stopped;

  public PodMode(KubernetesClient client, Map<String, String> env, PrintStream out) {
    this.client = client;
    this.env = env;
    this.out = out;
  }

  public int run() {
    Thread hook = new Thread(this::terminated, "regatta-sigterm");
    synchronized (this) {
      mainThread = Thread.currentThread();
    }
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runPod();
    } finally {
      settled.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down (SIGTERM): the hook is running and has just been released
      }
    }
  }

  /**
   * The SIGTERM hook: stops load (the engine ends the window in progress at this instant) or, before load started,
   * interrupts the wait; then holds the JVM until run() has published, at most {@link #STOP_BOUND_SECONDS}.
   */
  private void terminated() {
    stop.request(ResultDocument.Stopped.TERMINATED);
    log("SIGTERM: stopping load, writing what was measured");
    synchronized (this) {
      if (!measuring && mainThread != null) {
        mainThread.interrupt();
      }
    }
    try {
      if (!settled.await(STOP_BOUND_SECONDS, TimeUnit.SECONDS)) {
        log("the result was not written within " + STOP_BOUND_SECONDS + " s of SIGTERM; exiting without it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean measuringStarted() {
    return measuring;
  }

  /** The stop as the document records it: what it cut short, and when. */
  private ResultDocument.Stopped stopped(ScenarioPlan plan, ScenarioResult cut) {
    Instant at = Instant.now().minusNanos(Math.max(0, System.nanoTime() - stop.atNanos()));
    if (cut == null) {
      return new ResultDocument.Stopped(stop.reason(), Rfc3339.format(at), null, null, null, null, null);
    }
    Double planned = plan.duration() == null ? null : plan.duration().toNanos() / 1e9;
    return new ResultDocument.Stopped(stop.reason(), Rfc3339.format(at), cut.name(),
        cut.params() == null || cut.params().isEmpty() ? null : cut.params(), cut.repeat(), cut.durationSeconds(),
        planned);
  }

  private int runPod() {
    PodIdentity id;
    try {
      id = PodIdentity.fromEnv(env);
    } catch (IllegalArgumentException e) {
      terminationMessage(e.getMessage());
      System.err.println("regatta: " + e.getMessage());
      return Protocol.EXIT_CONFIG;
    }
    ResultConfigMap result = new ResultConfigMap(client, id.namespace(), id.resultConfigMap());
    String startAtText = null;
    Long measuredStart = null;
    BenchmarkRunSpec spec = null;
    LivePod live = null;
    try {
      BenchmarkRun run = readRun(id.runFile());
      spec = run.getSpec();
      live = LivePod.start(spec, env, PodMode::log);
      List<ScenarioPlan> plans;
      int ordinal;
      try {
        plans = addresses(run, ScenarioPlan.of(spec));
        ordinal = ordinal(spec, id);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(id.runFile() + ": " + e.getMessage());
      }
      log("preparing " + plans.size() + " scenario points for " + id.resultConfigMap());
      // 1. Prepare: sidecars, then the first plan (connections open), so measuring starts right at startAt.
      if (spec.getSidecars() != null && !spec.getSidecars().isEmpty()) {
        SidecarPreparer.prepareAll(spec);
      }
      RunContext ctx = RunContext.defaults();
      PreparedPlan first = plans.isEmpty() ? null : PreparedPlan.open(plans.get(0), ctx);
      try {
        // 2. Report ready, taking the index over from the pod it replaces, if any.
        took = result.inspect(id.pod());
        if (took.publishedBy() != null) {
          // the pod before this one published the index's result and was lost afterwards: running again would
          // replace an on-time result with a late one
          log("pod " + took.publishedBy() + " already published this index's result; nothing to do");
          if (first != null) {
            first.close();
          }
          return Protocol.EXIT_OK;
        }
        result.takeOver(took, id.pod(), Map.of(Protocol.STATE_KEY, Protocol.STATE_READY, Protocol.READY_AT_KEY,
            Rfc3339.format(Instant.now())));
        if (!took.replaced().isEmpty()) {
          log("attempt " + took.attempt() + " at this index; replaced " + took.replaced());
        }
        log("ready; waiting for " + Protocol.START_AT_KEY + " in " + id.startConfigMap());
        // 3. Wait for the start instant, then sleep until it.
        Duration wait = Durations.parse(spec.getTimeout() == null ? "30m" : spec.getTimeout());
        Instant startAt = StartSignal.await(client, id.namespace(), id.startConfigMap(), wait);
        startAtText = Rfc3339.format(startAt);
        log("start at " + startAtText);
        // 4. Run. state=running is written before the start so that the API call cannot delay it; the first
        // window's load threads are started now and released together at startAt (PreparedPlan).
        result.put(Map.of(Protocol.STATE_KEY, Protocol.STATE_RUNNING));
        synchronized (this) {
          measuring = true; // a SIGTERM from now on stops the engine instead of interrupting this thread
        }
        if (stop.requested()) {
          Thread.interrupted(); // the hook's interrupt, if it came just before
          throw new InterruptedException("stopped (" + stop.reason() + ") before measuring");
        }
        if (first != null) {
          first.releaseNextWindowAt(startAt);
        } else {
          WallClock.sleepUntil(startAt);
        }
      } catch (Exception | Error e) {
        if (first != null) {
          first.close();
        }
        throw e;
      }
      Engine engine = new Engine(ctx, new Engine.Listener() {
        @Override
        public void measured(ScenarioPlan plan, ScenarioResult r, String client) {
          finished.add(r);
          out.print(Summary.format(plan, r, client));
          out.flush();
        }

        @Override
        public void idle(ScenarioPlan plan) {
          log(plan.label() + ": " + plan.activePods() + " pod(s) drive load at this point and this pod is #"
              + (ordinal + 1) + "; waiting " + Durations.format(plan.plannedLength()));
        }

        @Override
        public void stopped(ScenarioPlan plan, ScenarioResult cut) {
          PodMode.this.stopped = PodMode.this.stopped(plan, cut);
          log(PodMode.this.stopped.describe());
        }
      }, ordinal, stop);
      engine.run(plans, first);
      synchronized (finished) {
        measuredStart = finished.isEmpty() ? null : finished.get(0).startEpochMicros();
      }
      List<NoSuccess.Point> failedPoints;
      synchronized (finished) {
        failedPoints = NoSuccess.of(finished);
      }
      if (!failedPoints.isEmpty()) {
        // published all the same: the operator judges the fleet's rows and fails the run (NoSuccessfulRequests)
        log("no successful operation in " + NoSuccess.describe(failedPoints));
      }
      // 5. Publish.
      ResultDocument doc = document(id, startAtText, measuredStart, null);
      publish(id, spec, result, doc);
      log("done");
      return Protocol.EXIT_OK;
    } catch (Exception | Error e) {
      boolean config = e instanceof ConfigException || e instanceof IllegalArgumentException;
      String line = stop.requested() && !config && !measuringStarted()
          ? "stopped (" + stop.reason() + ") before measuring: " + Main.oneLine(e) : Main.oneLine(e);
      System.err.println("regatta: " + line);
      if (env.get("REGATTA_DEBUG") != null) {
        e.printStackTrace();
      }
      synchronized (finished) {
        if (measuredStart == null && !finished.isEmpty()) {
          measuredStart = finished.get(0).startEpochMicros();
        }
      }
      boolean ours = took != null;
      if (!ours) {
        try {
          took = result.inspect(id.pod());
        } catch (RuntimeException again) {
          // no ConfigMap to read: failed() cannot write one either, and says so
        }
      }
      if (took != null && took.publishedBy() != null) {
        log("pod " + took.publishedBy() + " already published this index's result; leaving it as it is");
      } else {
        failed(result, id.pod(), ours ? null : took, document(id, startAtText, measuredStart, line), line);
      }
      terminationMessage(line);
      return config ? Protocol.EXIT_CONFIG : Protocol.EXIT_FAILED;
    } finally {
      if (live != null) {
        live.close();
      }
    }
  }

  /**
   * The plans with their matrix values that are addresses mapped as the run file's address map says (local mode
   * writes one: in-cluster names to its stand-ins); the rows keep the run's own values.
   */
  private static List<ScenarioPlan> addresses(BenchmarkRun run, List<ScenarioPlan> plans) {
    Map<String, String> annotations = run.getMetadata() == null ? null : run.getMetadata().getAnnotations();
    String json = annotations == null ? null : annotations.get(dev.regatta.api.AddressMap.ANNOTATION);
    if (json == null) {
      return plans;
    }
    dev.regatta.api.AddressMap map = dev.regatta.api.AddressMap.fromJson(json);
    return plans.stream().map(p -> p.withAddresses(map)).toList();
  }

  /** This pod's place in the fleet: the pods of the placements before its own, then its index. */
  static int ordinal(BenchmarkRunSpec spec, PodIdentity id) {
    int before = 0;
    for (var p : spec.getPlacements()) {
      if (p.getName().equals(id.placement())) {
        return before + id.index();
      }
      before += p.getPods() == null ? 0 : p.getPods();
    }
    throw new IllegalArgumentException("placement " + id.placement() + " (" + Protocol.ENV_PLACEMENT
        + ") is not in the run's spec.placements");
  }

  private BenchmarkRun readRun(Path file) {
    List<BenchmarkRun> runs;
    try {
      runs = RunFiles.read(file);
    } catch (RuntimeException e) {
      throw new ConfigException("run file " + file + ": " + e.getMessage());
    }
    if (runs.isEmpty() || runs.get(0).getSpec() == null) {
      throw new ConfigException("run file " + file + " holds no BenchmarkRun with a spec");
    }
    BenchmarkRun run = runs.get(0);
    List<Violation> violations = SpecValidator.validate(run);
    if (!violations.isEmpty()) {
      throw new ConfigException("run file " + file + ": " + SpecValidator.describe(violations));
    }
    return run;
  }

  private ResultDocument document(PodIdentity id, String startAt, Long measuredStart, String failure) {
    List<ScenarioResult> scenarios;
    synchronized (finished) {
      scenarios = new ArrayList<>(finished);
    }
    return new ResultDocument(ResultDocument.FORMAT_VERSION, id.run(), id.namespace(), id.pod(), id.placement(),
        id.region(), id.zone(), id.index(), id.node(), startAt, measuredStart, Rfc3339.format(Instant.now()), scenarios,
        failure, took == null ? null : took.attempt(), took == null || took.replaced().isEmpty() ? null
            : took.replaced(), stopped);
  }

  private void publish(PodIdentity id, BenchmarkRunSpec spec, ResultConfigMap result, ResultDocument full) {
    boolean toBucket = spec.getResults() != null && spec.getResults().getS3() != null;
    // a bucket keeps the time series at full resolution; a ConfigMap gets it coarsened as far as it must be
    ResultDocument doc = toBucket ? full : SeriesFit.toFit(full, Protocol.MAX_CONFIGMAP_RESULT_BYTES);
    String json = ResultJson.write(doc);
    if (toBucket) {
      var s3 = spec.getResults().getS3();
      String key = Protocol.s3ResultKey(s3.getPrefix(), id.namespace(), id.run(), id.placement(), id.index());
      String location = S3ResultSink.put(s3, key, json);
      Map<String, String> data = new LinkedHashMap<>();
      data.put(Protocol.STATE_KEY, Protocol.STATE_DONE);
      data.put(Protocol.RESULT_LOCATION_KEY, location);
      result.put(data);
      return;
    }
    if (json.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_CONFIGMAP_RESULT_BYTES) {
      throw new ConfigException("the result document is " + json.length() / 1024 + " KiB, more than a ConfigMap holds ("
          + Protocol.MAX_CONFIGMAP_RESULT_BYTES / 1024 + " KiB): set spec.results.s3 to store results in a bucket");
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put(Protocol.RESULT_KEY, json);
    data.put(Protocol.STATE_KEY, Protocol.STATE_DONE);
    result.put(data);
  }

  /** Best effort: state=failed, the message, and the scenarios that finished (if they fit). */
  private void failed(ResultConfigMap result, String pod, ResultConfigMap.TakeOver takeOver, ResultDocument partial,
      String line) {
    try {
      Map<String, String> data = new LinkedHashMap<>();
      data.put(Protocol.STATE_KEY, Protocol.STATE_FAILED);
      data.put(Protocol.MESSAGE_KEY, line);
      String json = ResultJson.write(SeriesFit.toFit(partial, Protocol.MAX_CONFIGMAP_RESULT_BYTES));
      if (json.getBytes(StandardCharsets.UTF_8).length <= Protocol.MAX_CONFIGMAP_RESULT_BYTES) {
        data.put(Protocol.RESULT_KEY, json);
      }
      if (takeOver != null) {
        // failed before reporting ready: the index is this pod's from now on, with what it replaced
        result.takeOver(takeOver, pod, data);
      } else {
        result.put(data);
      }
    } catch (RuntimeException e) {
      System.err.println("regatta: could not record the failure in " + result.name() + ": " + Main.oneLine(e));
    }
  }

  private void terminationMessage(String line) {
    Path path = Path.of(env.getOrDefault(TERMINATION_LOG_ENV, Protocol.TERMINATION_LOG));
    try {
      Files.writeString(path, line);
    } catch (IOException | RuntimeException e) {
      // not in a pod, or not writable: stderr has the line already
    }
  }

  private static void log(String msg) {
    System.err.println("regatta: " + msg);
  }
}
