package dev.regatta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `regatta wait RUN` against an API server (fabric8's mock in CRUD mode, as local mode serves it) through a
 * kubeconfig, with runs whose status real runs wrote (src/test/resources/runs/README.md): the exit code is the
 * verdict a CI script acts on.
 */
class WaitCommandTest {
  @TempDir
  Path tmp;
  KubernetesMockServer server;
  KubernetesClient client;
  Path kubeconfig;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: mock, context: {cluster: mock, user: u, namespace: ci}}]
        current-context: mock
        """.formatted(server.url("/").replaceAll("/$", "")));
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  /** A captured run, stored in namespace ci. */
  private BenchmarkRun stored(String fixture) throws Exception {
    BenchmarkRun r;
    try (InputStream in = getClass().getResourceAsStream("/runs/" + fixture + ".json")) {
      r = Serialization.unmarshal(in, BenchmarkRun.class);
    }
    r.getMetadata().setNamespace("ci");
    r.getMetadata().setResourceVersion(null);
    r.getMetadata().setUid(null);
    return client.resources(BenchmarkRun.class).inNamespace("ci").resource(r).create();
  }

  private int regatta(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--kubeconfig";
    all[args.length + 1] = kubeconfig.toString();
    return cl.execute(all);
  }

  @Test
  void aRunWhoseThresholdsHeldExitsZeroAndPrintsEachCriterion() throws Exception {
    stored("thresholds");
    assertEquals(WaitCommand.PASSED, regatta("wait", "thresholds"), err.toString());
    String printed = out.toString();
    assertTrue(printed.startsWith("ci/thresholds: Succeeded, thresholds Passed 4/4\n"), printed);
    assertTrue(printed.contains("  ok   p99 < 250ms: 6.11ms on get\n"), printed);
    assertTrue(printed.contains("  ok   p99 < 250ms [each region]: 6.28ms on get region=us-east-1\n"), printed);
  }

  @Test
  void aMissedThresholdExitsOneNamingItAndItsValue() throws Exception {
    stored("tight");
    assertEquals(WaitCommand.THRESHOLDS_FAILED, regatta("wait", "tight"));
    assertTrue(out.toString().startsWith("ci/tight: Failed (ThresholdsFailed), thresholds Failed 3/4\n"), out.toString());
    assertTrue(out.toString().contains("  FAIL p99 < 10us: 4.22ms on get\n"), out.toString());
  }

  /** Aborted on a live breach (abortOnFail): a missed bar, not a broken run; the unjudged criteria marked so. */
  @Test
  void aRunAbortedOnALiveBreachExitsOneNamingTheBreach() throws Exception {
    stored("breached");
    assertEquals(WaitCommand.THRESHOLDS_FAILED, regatta("wait", "breached"), err.toString());
    String printed = out.toString();
    assertTrue(printed.startsWith("ci/breached: Failed (Aborted), thresholds Aborted: p99 < 1ms\n"), printed);
    assertTrue(printed.contains("\n  FAIL p99 < 1ms: "), printed);
    assertTrue(printed.contains("\n  --   p99 < 10s: not judged: the run was aborted on a live breach of 'p99 < 1ms'"),
        printed);
  }

  @Test
  void aRunThatFailedForAnotherCauseHasNoVerdict() throws Exception {
    stored("broken");
    assertEquals(WaitCommand.ERROR, regatta("wait", "broken"));
    assertTrue(out.toString().startsWith("ci/broken: Failed (JobFailed)\n"), out.toString());
    assertTrue(err.toString().contains("wait: the run failed: Job broken-eu-west failed"), err.toString());
  }

  @Test
  void aRunThatDoesNotExistIsAnErrorNotAWaitForever() {
    assertEquals(WaitCommand.ERROR, regatta("wait", "nosuch"));
    assertTrue(err.toString().contains("wait: no BenchmarkRun 'nosuch' in namespace ci"), err.toString());
    assertEquals(WaitCommand.ERROR, regatta("wait", "thresholds", "-n", "elsewhere"),
        "the namespace given wins over the context's");
  }

  @Test
  void aRunStillRunningAtTheTimeoutIsAnError() throws Exception {
    BenchmarkRun running = stored("thresholds");
    running.getStatus().setPhase(Phase.Running);
    client.resources(BenchmarkRun.class).inNamespace("ci").resource(running).update();
    assertEquals(WaitCommand.ERROR, regatta("wait", "thresholds", "--timeout", "1s"));
    assertTrue(err.toString().contains("wait: ci/thresholds did not end within 1s (phase Running)"), err.toString());
  }

  @Test
  void theVerdictOfARunThatEndsWhileWaitingIsItsExitCode() throws Exception {
    BenchmarkRun tight = stored("tight");
    Phase end = tight.getStatus().getPhase();
    tight.getStatus().setPhase(Phase.Collecting);
    BenchmarkRun collecting = client.resources(BenchmarkRun.class).inNamespace("ci").resource(tight).update();
    CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> regatta("wait", "tight", "--timeout", "5m"));
    collecting.getStatus().setPhase(end);
    client.resources(BenchmarkRun.class).inNamespace("ci").resource(collecting).update();
    assertEquals(WaitCommand.THRESHOLDS_FAILED, waited.get(5, TimeUnit.MINUTES), err.toString());
  }

  @Test
  void badUsageIsTwo() {
    assertEquals(2, regatta("wait"));
    assertEquals(2, regatta("wait", "thresholds", "--timeout", "soon"));
    assertTrue(err.toString().contains("--timeout: 'soon' is not a positive Go-style duration"), err.toString());
  }
}
