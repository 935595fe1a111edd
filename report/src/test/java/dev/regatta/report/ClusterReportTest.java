package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.protocol.Protocol;
import dev.regatta.report.command.ReportCommand;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `report RUN` against an API server (fabric8's mock in CRUD mode, as local mode serves it), via a kubeconfig. */
class ClusterReportTest {
  @TempDir
  Path tmp;
  KubernetesMockServer server;
  KubernetesClient client;
  Path kubeconfig;

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
        contexts: [{name: mock, context: {cluster: mock, user: u, namespace: bench}}]
        current-context: mock
        """.formatted(server.url("/").replaceAll("/$", "")));
    BenchmarkRun run = new BenchmarkRun();
    run.setMetadata(new ObjectMetaBuilder().withName("sample").withNamespace("bench").build());
    client.resources(BenchmarkRun.class).inNamespace("bench").resource(run).create();
    for (ResultDocument d : ReportFixtures.docs("sample", 1.0)) {
      client.configMaps().inNamespace("bench").resource(new ConfigMapBuilder()
          .withNewMetadata().withName(Protocol.resultConfigMapName("sample", d.placement(), d.index()))
          .addToLabels(Protocol.LABEL_RUN, "sample")
          .addToLabels(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).endMetadata()
          .addToData(Protocol.STATE_KEY, Protocol.STATE_DONE)
          .addToData(Protocol.RESULT_KEY, ResultJson.write(d)).build()).create();
    }
    // another run's result must not leak into this report
    client.configMaps().inNamespace("bench").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("other-result-eu-0").addToLabels(Protocol.LABEL_RUN, "other")
        .addToLabels(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).endMetadata()
        .addToData(Protocol.RESULT_KEY, ResultJson.write(ReportFixtures.docs("other", 1.0).get(0))).build()).create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void readsTheRunAndEveryResultConfigMapOfItByName() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ReportCommand());
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    Path out = tmp.resolve("out");
    assertEquals(0, cl.execute("sample", "--kubeconfig", kubeconfig.toString(), "--out", out.toString()), err.toString());
    String[] csv = Files.readString(out.resolve("report.csv")).split("\r\n");
    assertTrue(csv[1].startsWith("sample,read,1024,all,3,2,throughput,4000,6,0,300.00,141.42,ops/s,0.307,"), csv[1]);
    assertTrue(Files.readString(out.resolve("report.json")).contains("\"source\" : \"cluster bench/sample\""));
  }

  @Test
  void aLabelSelectorCombinesTheRunsItMatches() throws Exception {
    for (String name : new String[] {"io-clients-2", "io-clients-1"}) {
      BenchmarkRun run = new BenchmarkRun();
      run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("bench")
          .addToLabels("suite", "io-clients").build());
      client.resources(BenchmarkRun.class).inNamespace("bench").resource(run).create();
      for (ResultDocument d : ReportFixtures.docs(name, 1.0)) {
        client.configMaps().inNamespace("bench").resource(new ConfigMapBuilder()
            .withNewMetadata().withName(Protocol.resultConfigMapName(name, d.placement(), d.index()))
            .addToLabels(Protocol.LABEL_RUN, name)
            .addToLabels(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).endMetadata()
            .addToData(Protocol.STATE_KEY, Protocol.STATE_DONE)
            .addToData(Protocol.RESULT_KEY, ResultJson.write(d)).build()).create();
      }
    }
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ReportCommand());
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    Path out = tmp.resolve("suite");
    assertEquals(0, cl.execute("-l", "suite=io-clients", "--kubeconfig", kubeconfig.toString(), "--out",
        out.toString()), err.toString());
    String[] csv = Files.readString(out.resolve("report.csv")).split("\r\n");
    assertEquals(1 + 2 * 9, csv.length, "a row per run x point x region, and not the unlabelled run");
    assertTrue(csv[1].startsWith("io-clients-1,read,1024,all,3,"), "in name order: " + csv[1]);
    assertTrue(csv[10].startsWith("io-clients-2,read,1024,all,3,"), csv[10]);
    assertEquals(1, cl.execute("-l", "suite=none", "--kubeconfig", kubeconfig.toString(), "--out", out.toString()));
    assertTrue(err.toString().contains("no BenchmarkRun matches -l suite=none"), err.toString());
  }

  @Test
  void namesTheNamespaceWhenTheRunIsNotThere() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ReportCommand());
    cl.setErr(new PrintWriter(err, true));
    assertEquals(1, cl.execute("nosuch", "--kubeconfig", kubeconfig.toString(), "--out", tmp.toString()));
    assertTrue(err.toString().contains("no BenchmarkRun 'nosuch' in namespace bench"), err.toString());
  }
}
