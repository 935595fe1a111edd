package dev.regatta.runner.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.protocol.Protocol;
import dev.regatta.result.Histograms;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.standin.RedisServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plays the operator against the fabric8 mock API server (CRUD mode) and checks the runner keeps the protocol. */
@EnableKubernetesMockClient(crud = true)
class PodModeTest {
  static KubernetesClient client;

  static final String NS = "bench";
  static final String RUN = "demo";

  @Test
  void preparesReportsReadyStartsAtTheInstantAndPublishesItsResult(@TempDir Path dir) throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      Path runFile = dir.resolve("run.yaml");
      Files.writeString(runFile, """
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: demo, namespace: bench}
          spec:
            placements: [{name: eu, pods: 2}]
            defaults: {duration: 500ms, load: {connections: 2}}
            scenarios:
              - name: get
                redis: {url: "%s", op: get, keySpace: 100}
                matrix: {valueSize: {values: [10, 20]}}
          """.formatted(redis.url()));
      String resultName = Protocol.resultConfigMapName(RUN, "eu", 1);
      operatorCreates(resultName);
      Path termLog = dir.resolve("termination-log");
      Map<String, String> env = env(runFile, termLog);

      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
          new PodMode(client, env, new PrintStream(new ByteArrayOutputStream())).run());

      ConfigMap ready = await(resultName, d -> Protocol.STATE_READY.equals(d.get(Protocol.STATE_KEY)));
      assertEquals("demo-eu-1-abcde", ready.getData().get(Protocol.POD_KEY));
      assertNotNull(Rfc3339.parse(ready.getData().get(Protocol.READY_AT_KEY)));

      Instant startAt = Instant.now().plusMillis(3000);
      client.configMaps().inNamespace(NS).withName(Protocol.startConfigMapName(RUN))
          .edit(cm -> new ConfigMapBuilder(cm).addToData(Protocol.START_AT_KEY, Rfc3339.format(startAt)).build());

      assertEquals(0, exit.get(30, TimeUnit.SECONDS));
      Map<String, String> data = client.configMaps().inNamespace(NS).withName(resultName).get().getData();
      assertEquals(Protocol.STATE_DONE, data.get(Protocol.STATE_KEY));
      ResultDocument doc = ResultJson.read(data.get(Protocol.RESULT_KEY));
      assertEquals(RUN, doc.run());
      assertEquals("eu", doc.placement());
      assertEquals(1, doc.index());
      assertEquals("eu-west-1", doc.region());
      assertEquals(Rfc3339.format(startAt), doc.startAt());
      assertNull(doc.failure());
      long startMicros = startAt.toEpochMilli() * 1000;
      assertTrue(doc.measuredStartEpochMicros() >= startMicros, "measuring must not start before startAt");
      assertTrue(doc.measuredStartEpochMicros() < startMicros + 1_000_000,
          "and should start close to it: " + (doc.measuredStartEpochMicros() - startMicros) + "us late");
      assertEquals(2, doc.scenarios().size());
      for (ScenarioResult r : doc.scenarios()) {
        assertTrue(r.count() > 0);
        assertEquals(r.count(), Histograms.decode(r.histogram()).getTotalCount());
        // the window's time series (the default 5 s interval: one, shorter, interval for a 500 ms window)
        assertNotNull(r.series(), "every window carries its time series");
        assertEquals(5_000, r.series().intervalMillis());
        assertEquals(1, r.series().intervals().size());
        dev.regatta.result.SeriesCheck.check(r); // adds up exactly to the window
      }
      assertEquals(Map.of("valueSize", "20"), doc.scenarios().get(1).params());
      assertEquals(doc.scenarios().get(1).count() * 20, doc.scenarios().get(1).bytes());
    }
  }

  @Test
  void withResultsInS3TheDocumentGoesToTheBucketAndALateStartBeginsAtOnce(@TempDir Path dir) throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        dev.regatta.runner.standin.S3Standin s3 = dev.regatta.runner.standin.S3Standin.inMemory()) {
      s3.createBucket("results");
      Path runFile = dir.resolve("run.yaml");
      Files.writeString(runFile, """
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: demo, namespace: bench}
          spec:
            placements: [{name: eu, pods: 2}]
            results: {s3: {endpoint: "%s", bucket: results, prefix: runs, credentialsSecret: {name: s3-standin}}}
            defaults: {iterations: 50, load: {connections: 1}}
            scenarios:
              - name: set
                redis: {url: "%s", op: set}
          """.formatted(s3.endpoint(), redis.url()));
      String resultName = Protocol.resultConfigMapName(RUN, "eu", 1);
      operatorCreates(resultName);
      // a retried pod: the start instant is already in the past, so it starts at once
      Instant past = Instant.now().minusSeconds(60);
      client.configMaps().inNamespace(NS).withName(Protocol.startConfigMapName(RUN))
          .edit(cm -> new ConfigMapBuilder(cm).addToData(Protocol.START_AT_KEY, Rfc3339.format(past)).build());
      int exit = new PodMode(client, env(runFile, dir.resolve("tl")), new PrintStream(new ByteArrayOutputStream())).run();
      assertEquals(0, exit);
      Map<String, String> data = client.configMaps().inNamespace(NS).withName(resultName).get().getData();
      assertEquals(Protocol.STATE_DONE, data.get(Protocol.STATE_KEY));
      assertNull(data.get(Protocol.RESULT_KEY), "the document is in the bucket, not the ConfigMap");
      String key = Protocol.s3ResultKey("runs", NS, RUN, "eu", 1);
      assertEquals("s3://results/" + key, data.get(Protocol.RESULT_LOCATION_KEY));
      try (var in = s3.blobStore().getBlob("results", key).getPayload().openStream()) {
        ResultDocument doc = ResultJson.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(50, doc.scenarios().get(0).count());
        assertTrue(doc.measuredStartEpochMicros() > past.toEpochMilli() * 1000 + 59_000_000L);
      }
    }
  }

  @Test
  void aBadRunFileFailsWithExit2AndSaysWhy(@TempDir Path dir) throws Exception {
    Path runFile = dir.resolve("run.yaml");
    Files.writeString(runFile, """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: demo, namespace: bench}
        spec:
          placements: [{name: eu, pods: 2}]
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:1", op: get}
              matrix: {nope: {values: [1]}}
        """);
    Finished f = runPodAsIndex1(dir, runFile);
    assertEquals(2, f.exit());
    Map<String, String> data = client.configMaps().inNamespace(NS).withName(f.resultName()).get().getData();
    assertEquals(Protocol.STATE_FAILED, data.get(Protocol.STATE_KEY));
    assertTrue(data.get(Protocol.MESSAGE_KEY).contains("'nope'"), data.get(Protocol.MESSAGE_KEY));
    assertEquals(data.get(Protocol.MESSAGE_KEY), Files.readString(f.terminationLog()));
  }

  @Test
  void whatTheOperatorMustRefuseThePodRefusesTooWithExit2(@TempDir Path dir) throws Exception {
    // Runs the operator never accepts, should one reach a pod anyway: one line naming the field, exit 2 (a retry
    // cannot help), never a NullPointerException retried three times.
    Map<String, String> bad = Map.of(
        "redis: {url: 'redis://127.0.0.1:1', keySpace: 3000000000}",
        "spec.scenarios[0].redis.keySpace: must be at most 100000000, got 3000000000",
        "http: {method: POST}", "spec.scenarios[0].http.url: is required",
        "http: {url: 'http://127.0.0.1:1/', headers: {X-A: \"a\\r\\nX-B: b\"}}",
        "spec.scenarios[0].http.headers.X-A: header 'X-A' has a value with a CR, LF or NUL character",
        "redis: {url: 'redis://u:hunter2@127.0.0.1:1'}",
        "spec.scenarios[0].redis.url: must not hold credentials",
        "warmpu: 1s\n      redis: {}", "spec.scenarios[0].warmpu: unknown field (did you mean warmup?)");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Path runFile = dir.resolve("run.yaml");
      Files.writeString(runFile, """
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: demo, namespace: bench}
          spec:
            placements: [{name: eu, pods: 2}]
            scenarios:
              - name: s
                %s
          """.formatted(e.getKey()));
      Finished f = runPodAsIndex1(dir, runFile);
      String message = Files.readString(f.terminationLog());
      assertEquals(2, f.exit(), message);
      assertTrue(message.contains(e.getValue()), e.getKey() + " -> " + message);
      assertEquals(-1, message.indexOf('\n'), "one line: " + message);
      assertTrue(!message.contains("Exception") && !message.contains("hunter2"), message);
    }
  }

  @Test
  void anUnreachableTargetFailsWithExit1(@TempDir Path dir) throws Exception {
    Path runFile = dir.resolve("run.yaml");
    Files.writeString(runFile, """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: demo, namespace: bench}
        spec:
          placements: [{name: eu, pods: 2}]
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:1", op: get}
        """);
    Finished f = runPodAsIndex1(dir, runFile);
    assertEquals(1, f.exit());
    assertEquals("cannot connect to redis://127.0.0.1:1: connection refused", Files.readString(f.terminationLog()));
  }

  @Test
  void aReplacementRecordsThePodItReplacedAndWhetherThatOneWasMeasuring(@TempDir Path dir) throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      Path runFile = quickRun(dir, redis);
      String resultName = Protocol.resultConfigMapName(RUN, "eu", 1);
      operatorCreates(resultName);
      // what a runner killed mid-window leaves: state=running under its own name, after it had replaced another
      leftBehind(resultName, Map.of(Protocol.STATE_KEY, Protocol.STATE_RUNNING, Protocol.POD_KEY, "demo-eu-1-first",
          Protocol.ATTEMPT_KEY, "2", Protocol.REPLACED_KEY, "demo-eu-1-zeroth before-start"));
      startedAlready();
      int exit = new PodMode(client, env(runFile, dir.resolve("tl")), new PrintStream(new ByteArrayOutputStream())).run();
      assertEquals(0, exit);
      Map<String, String> data = client.configMaps().inNamespace(NS).withName(resultName).get().getData();
      assertEquals(Protocol.STATE_DONE, data.get(Protocol.STATE_KEY));
      assertEquals("demo-eu-1-abcde", data.get(Protocol.POD_KEY));
      assertEquals("3", data.get(Protocol.ATTEMPT_KEY));
      assertEquals("demo-eu-1-zeroth before-start\ndemo-eu-1-first measuring", data.get(Protocol.REPLACED_KEY));
      ResultDocument doc = ResultJson.read(data.get(Protocol.RESULT_KEY));
      assertEquals(3, doc.attempt());
      assertEquals(List.of(new ResultDocument.Replaced("demo-eu-1-zeroth", Protocol.REPLACED_BEFORE_START),
          new ResultDocument.Replaced("demo-eu-1-first", Protocol.REPLACED_MEASURING)), doc.replaced());
    }
  }

  @Test
  void theFirstPodOfAnIndexIsAttempt1WithNothingReplaced(@TempDir Path dir) throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      Path runFile = quickRun(dir, redis);
      String resultName = Protocol.resultConfigMapName(RUN, "eu", 1);
      operatorCreates(resultName);
      startedAlready();
      assertEquals(0, new PodMode(client, env(runFile, dir.resolve("tl")), new PrintStream(new ByteArrayOutputStream()))
          .run());
      Map<String, String> data = client.configMaps().inNamespace(NS).withName(resultName).get().getData();
      assertEquals("1", data.get(Protocol.ATTEMPT_KEY));
      assertNull(data.get(Protocol.REPLACED_KEY));
      ResultDocument doc = ResultJson.read(data.get(Protocol.RESULT_KEY));
      assertEquals(1, doc.attempt());
      assertNull(doc.replaced());
    }
  }

  @Test
  void aReplacementOfAPodThatHadPublishedLeavesTheResultAlone(@TempDir Path dir) throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      Path runFile = quickRun(dir, redis);
      String resultName = Protocol.resultConfigMapName(RUN, "eu", 1);
      operatorCreates(resultName);
      Map<String, String> published = Map.of(Protocol.STATE_KEY, Protocol.STATE_DONE, Protocol.POD_KEY,
          "demo-eu-1-first", Protocol.ATTEMPT_KEY, "1", Protocol.RESULT_KEY, "{\"version\":\"on time\"}");
      leftBehind(resultName, published);
      startedAlready();
      assertEquals(0, new PodMode(client, env(runFile, dir.resolve("tl")), new PrintStream(new ByteArrayOutputStream()))
          .run());
      assertEquals(published, client.configMaps().inNamespace(NS).withName(resultName).get().getData());
    }
  }

  @Test
  void aReplacementThatFailsBeforeReadyStillRecordsWhatItReplaced(@TempDir Path dir) throws Exception {
    Path runFile = dir.resolve("run.yaml");
    Files.writeString(runFile, """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: demo, namespace: bench}
        spec:
          placements: [{name: eu, pods: 2}]
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:1", op: get}
        """);
    String resultName = Protocol.resultConfigMapName(RUN, "eu", 1);
    operatorCreates(resultName);
    leftBehind(resultName, Map.of(Protocol.STATE_KEY, Protocol.STATE_RUNNING, Protocol.POD_KEY, "demo-eu-1-first"));
    int exit = new PodMode(client, env(runFile, dir.resolve("tl")), new PrintStream(new ByteArrayOutputStream())).run();
    assertEquals(1, exit);
    Map<String, String> data = client.configMaps().inNamespace(NS).withName(resultName).get().getData();
    assertEquals(Protocol.STATE_FAILED, data.get(Protocol.STATE_KEY));
    assertEquals("demo-eu-1-abcde", data.get(Protocol.POD_KEY), "the failure is this pod's, not the one it replaced");
    assertEquals("demo-eu-1-first measuring", data.get(Protocol.REPLACED_KEY),
        "the pod lost while measuring is still on record for the next attempt and the operator");
    assertEquals("2", data.get(Protocol.ATTEMPT_KEY));
  }

  private static Path quickRun(Path dir, RedisServerProcess redis) throws Exception {
    Path runFile = dir.resolve("run.yaml");
    Files.writeString(runFile, """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: demo, namespace: bench}
        spec:
          placements: [{name: eu, pods: 2}]
          defaults: {iterations: 20, load: {connections: 1}}
          scenarios:
            - name: get
              redis: {url: "%s", op: get}
        """.formatted(redis.url()));
    return runFile;
  }

  /** The result ConfigMap as an earlier pod of the index left it. */
  private static void leftBehind(String resultName, Map<String, String> data) {
    client.configMaps().inNamespace(NS).withName(resultName)
        .edit(cm -> new ConfigMapBuilder(cm).withData(new HashMap<>(data)).build());
  }

  /** The start instant was published a minute ago: a replacement starts at once. */
  private static void startedAlready() {
    client.configMaps().inNamespace(NS).withName(Protocol.startConfigMapName(RUN)).edit(cm -> new ConfigMapBuilder(cm)
        .addToData(Protocol.START_AT_KEY, Rfc3339.format(Instant.now().minusSeconds(60))).build());
  }

  private record Finished(int exit, String resultName, Path terminationLog) {}

  /** Runs pod mode as placement eu, index 1, with the operator's objects in place, to its exit. */
  private static Finished runPodAsIndex1(Path dir, Path runFile) throws Exception {
    String resultName = Protocol.resultConfigMapName(RUN, "eu", 1);
    operatorCreates(resultName);
    Path termLog = dir.resolve("termination-log");
    int exit = new PodMode(client, env(runFile, termLog), new PrintStream(new ByteArrayOutputStream())).run();
    return new Finished(exit, resultName, termLog);
  }

  private static Map<String, String> env(Path runFile, Path termLog) {
    Map<String, String> env = new HashMap<>();
    env.put(Protocol.ENV_RUN, RUN);
    env.put(Protocol.ENV_NAMESPACE, NS);
    env.put(Protocol.ENV_POD_NAME, "demo-eu-1-abcde");
    env.put(Protocol.ENV_NODE_NAME, "node-a");
    env.put(Protocol.ENV_PLACEMENT, "eu");
    env.put(Protocol.ENV_REGION, "eu-west-1");
    env.put(Protocol.ENV_ZONE, "");
    env.put(Protocol.ENV_INDEX, "1");
    env.put(Protocol.ENV_RUN_FILE, runFile.toString());
    env.put(PodMode.TERMINATION_LOG_ENV, termLog.toString());
    return env;
  }

  private static void operatorCreates(String resultName) {
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(resultName)
        .withNamespace(NS).addToLabels(Protocol.LABEL_RUN, RUN).endMetadata()
        .addToData(Protocol.STATE_KEY, Protocol.STATE_PENDING).build()).createOr(c -> c.update());
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(Protocol.startConfigMapName(RUN)).withNamespace(NS).endMetadata().build()).createOr(c -> c.update());
  }

  private static ConfigMap await(String name, Predicate<Map<String, String>> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() - deadline < 0) {
      ConfigMap cm = client.configMaps().inNamespace(NS).withName(name).get();
      if (cm != null && cm.getData() != null && condition.test(cm.getData())) {
        return cm;
      }
      Thread.sleep(20); // polling the mock API for a condition, bounded by the deadline
    }
    throw new AssertionError("ConfigMap " + name + " never met the condition");
  }
}
