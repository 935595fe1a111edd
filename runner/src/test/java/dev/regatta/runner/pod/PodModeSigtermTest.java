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
import dev.regatta.runner.standin.HttpStandin;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real runner process in pod mode, stopped with SIGTERM ({@link ProcessHandle#destroy()}, what the kubelet sends
 * when an aborted run's Job is suspended) in the middle of a 2-minute window: it writes what it measured, marked
 * stopped, with the window as long as it really measured.
 */
@EnableKubernetesMockClient(crud = true)
class PodModeSigtermTest {
  static KubernetesClient client;

  static final String NS = "bench";
  static final String RUN = "demo";

  @Test
  void sigtermMidWindowPublishesWhatWasMeasuredMarkedStopped(@TempDir Path dir) throws Exception {
    try (HttpStandin target = HttpStandin.withDelay(64, Duration.ofMillis(2))) {
      Path runFile = dir.resolve("run.yaml");
      Files.writeString(runFile, """
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: demo, namespace: bench}
          spec:
            placements: [{name: eu, pods: 1}]
            defaults: {warmup: 0s, duration: 2m, repeats: 2, load: {connections: 2}}
            scenarios:
              - name: get
                http: {url: "%s/"}
              - name: never-reached
                http: {url: "%s/"}
          """.formatted(target.url(), target.url()));
      String resultName = Protocol.resultConfigMapName(RUN, "eu", 0);
      client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(resultName)
          .withNamespace(NS).endMetadata().addToData(Protocol.STATE_KEY, Protocol.STATE_PENDING).build()).create();
      client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
          .withName(Protocol.startConfigMapName(RUN)).withNamespace(NS).endMetadata().build()).create();

      Process runner = runnerProcess(runFile, dir);
      try {
        awaitTrue("the runner to report ready", () -> Protocol.STATE_READY.equals(state(resultName)));
        Instant startAt = Instant.now().plusMillis(500);
        client.configMaps().inNamespace(NS).withName(Protocol.startConfigMapName(RUN))
            .edit(cm -> new ConfigMapBuilder(cm).addToData(Protocol.START_AT_KEY, Rfc3339.format(startAt)).build());
        long before = target.requests();
        awaitTrue("load to reach the target", () -> target.requests() - before >= 200);

        long stoppedAt = System.nanoTime();
        runner.toHandle().destroy(); // SIGTERM
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "the runner exits within the grace period");
        double sinceStart = Duration.between(startAt, Instant.now()).toNanos() / 1e9;
        long servedAtExit = target.requests();

        Map<String, String> data = client.configMaps().inNamespace(NS).withName(resultName).get().getData();
        assertEquals(Protocol.STATE_DONE, data.get(Protocol.STATE_KEY), data + "\n" + Files.readString(dir.resolve("runner.log")));
        ResultDocument doc = ResultJson.read(data.get(Protocol.RESULT_KEY));
        assertNull(doc.failure());
        assertEquals(1, doc.scenarios().size(), "nothing after the cut window: " + doc.scenarios());
        ScenarioResult cut = doc.scenarios().get(0);
        assertEquals("get", cut.name());
        assertEquals(0, cut.repeat());
        assertTrue(cut.count() >= 200, "counts what it measured: " + cut.count());
        assertEquals(cut.count(), Histograms.decode(cut.histogram()).getTotalCount());
        assertTrue(cut.count() <= servedAtExit - before, "no more than the target served");
        assertTrue(cut.durationSeconds() > 0 && cut.durationSeconds() < 120, "window: " + cut.durationSeconds());
        assertTrue(cut.durationSeconds() <= sinceStart, "no longer than the time since the start instant: "
            + cut.durationSeconds() + " > " + sinceStart);
        assertEquals(cut.count() / cut.durationSeconds(), cut.throughputPerSecond(),
            cut.throughputPerSecond() * 1e-3 + 1e-3, "throughput over the time really measured");

        ResultDocument.Stopped stopped = doc.stopped();
        assertNotNull(stopped, "the document says it was stopped");
        assertEquals(ResultDocument.Stopped.TERMINATED, stopped.reason());
        assertTrue(stopped.cut(cut), "and names the window it cut: " + stopped);
        assertEquals(cut.durationSeconds(), stopped.measuredSeconds());
        assertEquals(120.0, stopped.plannedSeconds());
        assertNotNull(Rfc3339.parse(stopped.at()));
        assertTrue(System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(30));
      } finally {
        runner.destroyForcibly();
      }
    }
  }

  /** The runner's own main class on this test's class path, pointed at the mock API as local mode points it. */
  private static Process runnerProcess(Path runFile, Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "dev.regatta.runner.Main", "pod");
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("KUBERNETES_MASTER", client.getMasterUrl().toString());
    pb.environment().put("KUBERNETES_TRUST_CERTIFICATES", "true");
    pb.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    pb.environment().put("KUBERNETES_NAMESPACE", NS);
    pb.environment().put("KUBERNETES_HTTP2_DISABLE", "true");
    Map.of(Protocol.ENV_RUN, RUN, Protocol.ENV_NAMESPACE, NS, Protocol.ENV_POD_NAME, "demo-eu-0-abcde",
        Protocol.ENV_NODE_NAME, "node-a", Protocol.ENV_PLACEMENT, "eu", Protocol.ENV_REGION, "eu-west-1",
        Protocol.ENV_ZONE, "", Protocol.ENV_INDEX, "0", Protocol.ENV_RUN_FILE, runFile.toString(),
        PodMode.TERMINATION_LOG_ENV, dir.resolve("termination-log").toString()).forEach(pb.environment()::put);
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("runner.log").toFile());
    return pb.start();
  }

  private static String state(String name) {
    var cm = client.configMaps().inNamespace(NS).withName(name).get();
    return cm == null || cm.getData() == null ? null : cm.getData().get(Protocol.STATE_KEY);
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() - deadline < 0) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(20); // polling a condition, bounded by the deadline
    }
    throw new AssertionError("timed out waiting for " + what);
  }

}
