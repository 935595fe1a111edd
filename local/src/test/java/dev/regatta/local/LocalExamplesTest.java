package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.local.standins.RunScaler;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file in examples/ through local mode, all at once in one local cluster (they run in parallel),
 * scaled down with the same options a user has; plus a run that fits no node and one whose runner fails.
 */
class LocalExamplesTest {
  private static final int CONCURRENT = 3;
  /** The examples that take longest here (the 64 MiB GETs; the stream makespans): started first. */
  private static final java.util.Set<String> LONGEST = java.util.Set.of("io-client-comparison", "stream-scaling");
  /**
   * Runs that must not share the machine with another: the Python I/O clients would measure the S3 stand-in busy
   * with the Java clients' 64 MiB GETs (a point of theirs then completes nothing in its window), so they start once
   * those have ended.
   */
  private static final Map<String, String> AFTER = Map.of("io-client-python", "io-client-comparison");
  /** What the stand-ins serve: HTTP bodies, S3 objects and the Redis blob preloaded from S3. */
  private static final long BLOB = 64 * 1024;
  @TempDir
  Path tmp;

  @Test
  void everyExampleSucceedsWithMergedRowsAndResultConfigMaps() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Repo.root().resolve("examples"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no examples found");
    // two values per axis and two repeats: enough for a sweep and a stddev; one pod, but two for the pods axis
    RunScaler scaler = new RunScaler(Duration.ofSeconds(1), 1, 2, 2, 20L);
    LocalCommand.Prepared all = LocalCommand.prepare(files, scaler, BLOB, true);
    BenchmarkRun ioTwoPods = LocalCommand.prepare(List.of(Repo.root().resolve("examples/io-client-comparison.yaml")),
        new RunScaler(null, 2, 2, 2, 20L), BLOB, true).runs().get(0); // its own 10 s: a 64 MiB GET takes a while
    // every library (its axis unscaled) at 1 and 2 replicas, with a warm-up a fresh Python process and boto3 fit in
    BenchmarkRun ioPython = LocalCommand.prepare(List.of(Repo.root().resolve("examples/io-client-python.yaml")),
        new RunScaler(Duration.ofSeconds(5), 2, null, 2, 20L), BLOB, true).runs().get(0);
    Map<String, BenchmarkRun> ownScale = Map.of(ioTwoPods.getMetadata().getName(), ioTwoPods,
        ioPython.getMetadata().getName(), ioPython);
    List<BenchmarkRun> examples = all.runs().stream()
        .map(r -> ownScale.getOrDefault(r.getMetadata().getName(), r)).toList();
    BenchmarkRun failing = ExampleAnswers.withFailingCheck(examples.stream()
        .filter(r -> r.getMetadata().getName().equals("inference-server-load")).findFirst().orElseThrow());
    LocalCommand.Prepared prepared = new LocalCommand.Prepared(examples, all.others(), all.plan());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    List<ProcessHandle> children = new ArrayList<>();
    try (LocalCluster cluster = LocalCluster.start(settings(), prepared.plan());
        KubernetesClient client = cluster.newClient()) {
      // One cluster for all, at most CONCURRENT runs at once so a dozen runner JVMs do not fight over two cores;
      // the longest first and a free slot refilled at once, so no short run waits behind a long one.
      LocalCommand.apply(client, cluster, new LocalCommand.Prepared(List.of(), prepared.others(), prepared.plan()), out);
      Map<String, BenchmarkRun> done = new java.util.LinkedHashMap<>();
      List<BenchmarkRun> runs = new ArrayList<>(prepared.runs());
      runs.add(failing);
      runs.sort(java.util.Comparator.comparing((BenchmarkRun r) -> !LONGEST.contains(r.getMetadata().getName())));
      java.util.Deque<BenchmarkRun> queue = new java.util.ArrayDeque<>(runs);
      List<BenchmarkRun> inFlight = new ArrayList<>();
      Instant t0 = Instant.now();
      while (!queue.isEmpty() || !inFlight.isEmpty()) {
        while (inFlight.size() < CONCURRENT && queue.stream().anyMatch(r -> mayStart(r, done, runs))) {
          BenchmarkRun next = queue.stream().filter(r -> mayStart(r, done, runs)).findFirst().orElseThrow();
          queue.remove(next);
          LocalCommand.apply(client, cluster, new LocalCommand.Prepared(List.of(next), List.of(), prepared.plan()), out);
          inFlight.add(next);
        }
        ProcessHandle.current().descendants().forEach(children::add);
        Map<String, BenchmarkRun> ended = await("one of " + inFlight.stream().map(r -> r.getMetadata().getName()).toList()
            + " ended").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(250))
            .until(() -> finished(client, inFlight), m -> !m.isEmpty());
        ended.forEach((name, run) -> out.printf("%s: %s, pods %s  (%ds)%n", name, run.getStatus().getPhase(),
            run.getStatus().getPodSummary(), Duration.between(t0, Instant.now()).toSeconds()));
        done.putAll(ended);
        inFlight.removeIf(r -> ended.containsKey(r.getMetadata().getName()));
      }
      boolean ok = LocalRunOutcomes.report(prepared.runs(), done, out);
      String printed = buf.toString(StandardCharsets.UTF_8);
      System.out.println(printed);
      // the answer each benchmark exists for (shared/DESIGN.md), as its user would check it
      ExampleAnswers answers = new ExampleAnswers(client, BLOB, printed);
      answers.readSizeSweep(done.get("transport-read-size-sweep"));
      answers.servingMicrobenchmark(done.get("serving-microbenchmark"));
      answers.inferenceServerLoad(done.get("inference-server-load"));
      answers.ioClientComparison(done.get("io-client-comparison"));
      answers.streamScaling(done.get("stream-scaling"));
      answers.ioClientPython(done.get("io-client-python"));
      answers.failingCheck(done.get(ExampleAnswers.FAILING_RUN));
      assertTrue(ok, printed);
      for (BenchmarkRun r : prepared.runs()) {
        String name = r.getMetadata().getName();
        BenchmarkRun cur = done.get(name);
        assertEquals(Phase.Succeeded, cur.getStatus().getPhase(), name);
        assertFalse(cur.getStatus().getResults() == null || cur.getStatus().getResults().isEmpty(), name + ": merged rows");
        List<ConfigMap> results = client.configMaps().inNamespace("default").withLabel(Protocol.LABEL_RUN, name)
            .withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).list().getItems();
        assertEquals(r.getSpec().totalPods(), results.size(), name + ": one result ConfigMap per pod");
        if (r.getSpec().getResults() == null || r.getSpec().getResults().getS3() == null) {
          results.forEach(cm -> assertTrue(cm.getData().containsKey(Protocol.RESULT_KEY), cm.getMetadata().getName()));
        }
        assertTrue(printed.contains("== " + name + ": Succeeded"), printed);
      }
    }
    for (ProcessHandle h : children) {
      await("child " + h.pid() + " " + h.info().command().orElse("") + " gone").atMost(Duration.ofSeconds(20))
          .until(() -> !h.isAlive());
    }
  }

  private static boolean mayStart(BenchmarkRun r, Map<String, BenchmarkRun> done, List<BenchmarkRun> all) {
    String first = AFTER.get(r.getMetadata().getName());
    return first == null || done.containsKey(first)
        || all.stream().noneMatch(o -> o.getMetadata().getName().equals(first));
  }

  /** The runs of inFlight that ended (Succeeded or Failed), by name. */
  private static Map<String, BenchmarkRun> finished(KubernetesClient client, List<BenchmarkRun> inFlight) {
    Map<String, BenchmarkRun> ended = new java.util.LinkedHashMap<>();
    for (BenchmarkRun r : inFlight) {
      BenchmarkRun cur = client.resources(BenchmarkRun.class).inNamespace(r.getMetadata().getNamespace())
          .withName(r.getMetadata().getName()).get();
      if (cur != null && cur.getStatus() != null && cur.getStatus().getPhase() != null
          && cur.getStatus().getPhase().isFinished()) {
        ended.put(r.getMetadata().getName(), cur);
      }
    }
    return ended;
  }

  @Test
  void aRunThatFitsNoNodeStaysPendingWithTheSchedulersReasonAndOneWhoseRunnerFailsEndsFailedWithTheCause()
      throws Exception {
    Path file = tmp.resolve("runs.yaml");
    Files.writeString(file, """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata:
          name: on-mars
        spec:
          startTimeout: 5m
          placements:
            - {name: mars, region: mars-1, pods: 1}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379"}
        ---
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata:
          name: unreachable
        spec:
          placements:
            - {name: eu, region: eu-west-1, pods: 1}
          defaults: {duration: 1s}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:1"}
        """);
    LocalCommand.Prepared prepared = LocalCommand.prepare(List.of(file), new RunScaler(null, null, null, null, null), 1024,
        true);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    try (LocalCluster cluster = LocalCluster.start(settings(), prepared.plan());
        KubernetesClient client = cluster.newClient()) {
      LocalCommand.apply(client, cluster, prepared, out);
      BenchmarkRun failed = LocalRunOutcomes.await(client, List.of(prepared.runs().get(1)),
          Instant.now().plus(Duration.ofMinutes(4)), out).get("unreachable");
      assertEquals(Phase.Failed, failed.getStatus().getPhase(), buf.toString(StandardCharsets.UTF_8));
      String cause = LocalRunOutcomes.failure(failed);
      assertTrue(cause.contains("127.0.0.1:1") || cause.toLowerCase().contains("connect"), cause);

      var pod = await("on-mars pod").atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> client.pods().inNamespace("default").withLabel(Protocol.LABEL_RUN, "on-mars").list().getItems()
              .stream().findFirst(), java.util.Optional::isPresent).get();
      var scheduled = pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst()
          .orElseThrow();
      assertEquals("False", scheduled.getStatus());
      assertEquals("Unschedulable", scheduled.getReason());
      BenchmarkRun mars = client.resources(BenchmarkRun.class).inNamespace("default").withName("on-mars").get();
      assertFalse(mars.getStatus().getPhase().isFinished(), "still waiting for its pod: " + mars.getStatus().getPhase());
    }
  }

  private LocalCluster.Settings settings() {
    return new LocalCluster.Settings(0, Repo.runnerJar(), tmp.resolve("work"), Zone.DEFAULT, 1, Repo.redisServer(),
        64 * 1024, Duration.ofSeconds(2));
  }
}
