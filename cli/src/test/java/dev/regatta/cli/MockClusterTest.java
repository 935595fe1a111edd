package dev.regatta.cli;

import dev.regatta.api.v1alpha1.BenchmarkRun;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The cluster the cluster commands' tests talk to: fabric8's mock API server in CRUD mode, reached as a user reaches
 * a cluster, through a kubeconfig whose context's namespace is {@code ci}; and the command line as a user runs it.
 */
abstract class MockClusterTest {
  @TempDir
  Path tmp;
  KubernetesMockServer server;
  KubernetesClient client;
  Path kubeconfig;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void startCluster() throws Exception {
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
  void stopCluster() {
    client.close();
    server.destroy();
  }

  /** A run real runs wrote (src/test/resources/runs/README.md), moved to namespace ci, not stored yet. */
  BenchmarkRun captured(String fixture) throws Exception {
    BenchmarkRun r;
    try (InputStream in = getClass().getResourceAsStream("/runs/" + fixture + ".json")) {
      r = Serialization.unmarshal(in, BenchmarkRun.class);
    }
    r.getMetadata().setNamespace("ci");
    r.getMetadata().setResourceVersion(null);
    r.getMetadata().setUid(null);
    return r;
  }

  /** `regatta ARGS --kubeconfig FILE`, its output in {@link #out} and {@link #err}. */
  int regatta(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--kubeconfig";
    all[args.length + 1] = kubeconfig.toString();
    return cl.execute(all);
  }
}
