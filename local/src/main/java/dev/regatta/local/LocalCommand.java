package dev.regatta.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.local.process.Executables;
import dev.regatta.local.standins.RunScaler;
import dev.regatta.local.standins.TargetPlan;
import dev.regatta.units.Durations;
import dev.regatta.units.Sizes;
import dev.regatta.operator.HttpEndpoints;
import dev.regatta.operator.metrics.Exposition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regatta local FILE...}: the whole system on this machine (embedded API, the operator,
 * the local executor, stand-ins for in-cluster targets); applies the files, waits for every BenchmarkRun
 * in them, prints their merged results. {@code local --serve --kubeconfig PATH} keeps it up for kubectl.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = {"Run BenchmarkRuns on this machine: an embedded Kubernetes API, the real operator, runner "
        + "processes and redis-server sidecars. Exit 0 iff every run Succeeded.",
        "With --serve: keep serving (for kubectl) until Ctrl-C."})
public class LocalCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "FILE", description = "YAML files to apply (every document; Secrets too).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--serve", description = "Keep serving until Ctrl-C/SIGTERM instead of exiting when the runs end.")
  boolean serve;

  @Option(names = "--kubeconfig", paramLabel = "PATH", description = "Write a kubeconfig for kubectl here once the API answers.")
  Path kubeconfig;

  @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve the operator's /metrics (the live runs' "
      + "series, docs/METRICS.md) on 127.0.0.1:PORT, for a local Prometheus; 0 picks a free port.")
  Integer metricsPort;

  @Option(names = "--port", defaultValue = "0", description = "API port on 127.0.0.1 (default: a free one).")
  int port;

  @Option(names = "--zones", split = ",", paramLabel = "REGION/ZONE",
      description = "Fake node zones (default: eu-west-1/eu-west-1a,eu-west-1/eu-west-1b,us-east-1/us-east-1a,us-east-1/us-east-1b).")
  List<String> zones = new ArrayList<>();

  @Option(names = "--nodes-per-zone", defaultValue = "1", description = "Fake nodes in each zone.")
  int nodesPerZone;

  @Option(names = "--max-duration", paramLabel = "DURATION",
      description = "Scale runs down: cap every duration, warm-up and ramp at this (e.g. 2s). Files are not changed.")
  String maxDuration;

  @Option(names = "--max-pods", description = "Scale runs down: at most this many pods per placement.")
  Integer maxPods;

  @Option(names = "--max-axis-values", description = "Scale runs down: at most this many values per matrix axis.")
  Integer maxAxisValues;

  @Option(names = "--max-repeats", description = "Scale runs down: at most this many repeats.")
  Integer maxRepeats;

  @Option(names = "--max-iterations", description = "Scale runs down: at most this many iterations per pod.")
  Long maxIterations;

  @Option(names = "--blob-size", defaultValue = "1Mi",
      description = "Size of what stand-ins serve: HTTP GET bodies and S3 objects runs read but do not write.")
  String blobSize;

  @Option(names = "--no-standins", description = "Start no stand-ins: every address in the runs is used as written.")
  boolean noStandins;

  @Option(names = "--runner-jar", paramLabel = "JAR", defaultValue = "${env:REGATTA_RUNNER_JAR}",
      description = "The runner jar (default: runner/target/regatta-runner.jar next to this jar's module).")
  Path runnerJar;

  @Option(names = "--redis-server", defaultValue = "${env:REGATTA_REDIS_SERVER}", description = "redis-server binary.")
  String redisServer;

  @Option(names = "--work-dir", description = "Where pods' files and logs go (default: a temporary directory).")
  Path workDir;

  @Option(names = "--timeout", description = "Give up waiting for the runs after this long (default: each run's spec.timeout + 2m).")
  String timeout;

  @Option(names = {"-v", "--verbose"}, description = "Log the operator and executor at INFO.")
  boolean verbose;

  private final PrintStream out = System.out;

  /** Local mode on its own (the user's entry point is {@code regatta local}, the cli module's jar). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
      System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
      System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
      // v1alpha1 is this project's own API version; the warning is for users of others'
      System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
      if (!verbose) {
        // the table is the output here; the operator's own log lines are for -v
        System.setProperty("org.slf4j.simpleLogger.log.io.javaoperatorsdk.operator.Operator", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.dev.regatta", "warn");
        // a failed run's cause is the run's status message, which local mode prints (and kubectl shows); the
        // operator's warning would print the same line again
        System.setProperty("org.slf4j.simpleLogger.log.dev.regatta.operator.run", "error");
      }
    }
    if (files.isEmpty() && !serve) {
      System.err.println("local: give at least one FILE, or --serve");
      return 2;
    }
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      System.err.println("local: --metrics-port " + metricsPort + " is not a port (0 to 65535; 0 picks a free one)");
      return 2;
    }
    Instant t0 = Instant.now();
    RunScaler scaler = new RunScaler(maxDuration == null ? null : Durations.parse(maxDuration), maxPods, maxAxisValues,
        maxRepeats, maxIterations);
    long blob = Sizes.parse(blobSize);
    Prepared prepared = prepare(files, scaler, blob, !noStandins);
    TargetPlan plan = prepared.plan();
    String redis = resolveRedis();
    Optional<String> missing = missingRedis(redis, prepared);
    if (missing.isPresent() && needsRedis(prepared)) {
      // one clear line before anything starts, rather than the same start error from every pod
      System.err.println("regatta local: " + missing.get());
      return 2;
    }
    missing.ifPresent(m -> System.err.println("regatta local: note: " + m));
    Path work = workDir != null ? workDir : Files.createTempDirectory("regatta-local-");
    LocalCluster.Settings settings = new LocalCluster.Settings(port, resolveRunnerJar(), work,
        zones.isEmpty() ? Zone.DEFAULT : Zone.parseAll(zones), nodesPerZone, redis, blob, Duration.ofSeconds(10));
    if (metricsPort != null) {
      // bound before anything starts, so a port in use is one line and exit 2, not a cluster to tear down
      try {
        metrics = new HttpEndpoints(new InetSocketAddress(InetAddress.getLoopbackAddress(), metricsPort), accept -> {
          LocalCluster c = started;
          return c == null ? new Exposition.Body("text/plain; version=0.0.4", new byte[0]) : c.operator().scrape(accept);
        }, () -> true, () -> true);
      } catch (IOException e) {
        System.err.println("local: --metrics-port " + metricsPort + ": cannot listen on 127.0.0.1:" + metricsPort + " ("
            + e.getMessage() + ")");
        return 2;
      }
    }
    LocalCluster cluster = LocalCluster.start(settings, plan);
    started = cluster;
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      closeMetrics();
      cluster.close();
      stopped.countDown();
    }, "regatta-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (KubernetesClient client = cluster.newClient()) {
      out.printf("regatta local: API %s, nodes %s%s (started in %.1fs; pods' files under %s)%n", cluster.api().url(),
          describeNodes(settings.zones()), describeStandins(cluster), Duration.between(t0, Instant.now()).toMillis() / 1000.0,
          work);
      if (kubeconfig != null) {
        cluster.api().writeKubeconfig(kubeconfig);
        out.println("kubeconfig: " + kubeconfig.toAbsolutePath() + "  (export KUBECONFIG=" + kubeconfig.toAbsolutePath() + ")");
      }
      if (metrics != null) {
        out.println("operator metrics: http://127.0.0.1:" + metrics.port() + "/metrics");
      }
      apply(client, cluster, prepared, out);
      if (serve) {
        out.println("serving; Ctrl-C stops everything");
        out.flush();
        stopped.await();
        return 0;
      }
      Duration wait = timeout != null ? Durations.parse(timeout) : LocalRunOutcomes.defaultWait(prepared.runs());
      Map<String, BenchmarkRun> done = LocalRunOutcomes.await(client, prepared.runs(), Instant.now().plus(wait), out);
      return LocalRunOutcomes.report(prepared.runs(), done, out) ? 0 : 1;
    } finally {
      if (!serve) {
        closeMetrics();
        cluster.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
          // already shutting down
        }
      }
    }
  }

  /** The /metrics endpoint when --metrics-port asked for it, and the cluster it scrapes once started. */
  private volatile HttpEndpoints metrics;
  private volatile LocalCluster started;

  private void closeMetrics() {
    HttpEndpoints m = metrics;
    if (m != null) {
      m.close();
    }
  }

  /** The documents of the files: BenchmarkRuns (scaled), everything else, and the stand-ins they need. */
  public record Prepared(List<BenchmarkRun> runs, List<GenericKubernetesResource> others, TargetPlan plan) {}

  public static Prepared prepare(List<Path> files, RunScaler scaler, long blobSize, boolean standins) throws IOException {
    List<BenchmarkRun> runs = new ArrayList<>();
    List<GenericKubernetesResource> others = new ArrayList<>();
    TargetPlan plan = new TargetPlan();
    for (Path f : files) {
      for (JsonNode d : readDocuments(f)) {
        if (BenchmarkRun.KIND.equals(d.path("kind").asText())) {
          BenchmarkRun run = scaler.apply(RunFiles.yaml().treeToValue(d, BenchmarkRun.class));
          if (run.getMetadata().getNamespace() == null) {
            run.getMetadata().setNamespace("default");
          }
          runs.add(run);
          if (standins) {
            plan.add(RunFiles.yaml().valueToTree(run.getSpec()), blobSize);
          }
        } else {
          others.add(Serialization.unmarshal(d.toString(), GenericKubernetesResource.class));
        }
      }
    }
    return new Prepared(runs, others, plan);
  }

  /** Creates the stand-ins' CA Secrets, then every other document, then the runs. */
  public static void apply(KubernetesClient client, LocalCluster cluster, Prepared prepared, PrintStream out) {
    applyCaSecrets(client, cluster, out);
    for (GenericKubernetesResource r : prepared.others()) {
      String ns = r.getMetadata().getNamespace() == null ? "default" : r.getMetadata().getNamespace();
      client.resource(r).inNamespace(ns).createOr(NonDeletingOperation::update);
      out.println("applied " + r.getKind().toLowerCase(Locale.ROOT) + "/" + r.getMetadata().getName());
    }
    for (BenchmarkRun run : prepared.runs()) {
      client.resources(BenchmarkRun.class).inNamespace(run.getMetadata().getNamespace()).resource(run).create();
      String scaled = run.getMetadata().getAnnotations() == null ? null
          : run.getMetadata().getAnnotations().get(RunScaler.ANNOTATION);
      out.println("applied benchmarkrun/" + run.getMetadata().getName() + (scaled == null ? "" : " (scaled: " + scaled + ")"));
    }
    out.flush();
  }

  private static void applyCaSecrets(KubernetesClient client, LocalCluster cluster, PrintStream out) {
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    cluster.standins().caPem().forEach((nameKey, pem) -> {
      int slash = nameKey.indexOf('/');
      secrets.computeIfAbsent(nameKey.substring(0, slash), k -> new LinkedHashMap<>()).put(nameKey.substring(slash + 1), pem);
    });
    secrets.forEach((name, data) -> {
      client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(name)
          .addToLabels("regatta.dev/local-standin", "true").endMetadata().withStringData(data).build())
          .createOr(NonDeletingOperation::update);
      out.println("created secret/" + name + " (CA of the local HTTPS stand-in)");
    });
  }

  static List<JsonNode> readDocuments(Path f) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(Files.readString(f))) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && d.isObject() && d.has("kind")) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static String describeNodes(List<Zone> zones) {
    Map<String, List<String>> byRegion = new LinkedHashMap<>();
    zones.forEach(z -> byRegion.computeIfAbsent(z.region(), r -> new ArrayList<>()).add(z.zone()));
    List<String> parts = new ArrayList<>();
    byRegion.forEach((r, zs) -> parts.add(r + " [" + String.join(" ", zs) + "]"));
    return String.join(", ", parts);
  }

  private static String describeStandins(LocalCluster c) {
    if (c.standins().targets().isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    c.standins().targets().forEach((from, to) -> parts.add(from + "->" + to));
    return ", stand-ins " + String.join(" ", parts);
  }

  private Path resolveRunnerJar() {
    if (runnerJar != null) {
      return requireFile(runnerJar, "--runner-jar");
    }
    List<Path> candidates = new ArrayList<>();
    try {
      Path self = Path.of(LocalCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // cli/target/regatta.jar or local/target/classes → runner/target/regatta-runner.jar
      candidates.add(self.getParent().getParent().getParent().resolve("runner/target/regatta-runner.jar"));
      candidates.add(self.getParent().resolve("regatta-runner.jar"));
    } catch (Exception ignored) {
      // fall back to the working directory
    }
    candidates.add(Path.of("runner/target/regatta-runner.jar"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException("runner jar not found (looked at " + candidates + "): build it with `make build` "
        + "or pass --runner-jar / REGATTA_RUNNER_JAR");
  }

  /** Why Redis sidecars and stand-ins cannot start here, if redis-server is missing. */
  static Optional<String> missingRedis(String redisServer, Prepared prepared) {
    if (Executables.find(redisServer).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("redis-server not found (" + redisServer + "), which "
        + (needsRedis(prepared) ? "these runs need" : "runs with Redis sidecars need") + ": install it with "
        + "`sudo apt-get install -y redis-server` (Debian/Ubuntu; `make run` does it when run as root), "
        + "or pass --redis-server PATH");
  }

  /** A run with a Redis sidecar, or a redis:// address local mode stands in for. */
  static boolean needsRedis(Prepared prepared) {
    return prepared.plan().needs(dev.regatta.local.standins.Endpoint.Kind.REDIS) || prepared.runs().stream()
        .anyMatch(r -> r.getSpec().getSidecars() != null && !r.getSpec().getSidecars().isEmpty());
  }

  private String resolveRedis() {
    if (redisServer != null && !redisServer.isBlank()) {
      return redisServer;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    // reported when a pod needs it, with how to install it
    return "/usr/bin/redis-server";
  }

  private static Path requireFile(Path p, String what) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(what + " " + p + " does not exist");
    }
    return p.toAbsolutePath();
  }
}
