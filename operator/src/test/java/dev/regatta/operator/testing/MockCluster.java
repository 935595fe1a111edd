package dev.regatta.operator.testing;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.OperatorConfig;
import dev.regatta.operator.OperatorLauncher;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.net.InetAddress;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The fabric8 mock API in CRUD mode on loopback, with the BenchmarkRun CRD registered (so that status is a
 * subresource, as in a cluster), and the operator started and stopped on it as a test says.
 */
public final class MockCluster implements AutoCloseable {
  /** The User-Agent of the operator's client; the test's own client keeps fabric8's. */
  public static final String OPERATOR_USER_AGENT = "regatta-operator-under-test";
  public static final String CRD_RESOURCE = "META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml";

  /** The mock logs every request through java.util.logging; tests only want its warnings. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** One HTTP client implementation, chosen, not left to classpath order; the JDK's starts fastest. */
  private static final io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory HTTP =
      new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory();

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private OperatorLauncher operator;
  private KubernetesClient operatorClient;

  public MockCluster() {
    // one map of scripted responses, shared by the server (expect()) and the dispatcher that answers with them
    Map<ServerRequest, Queue<ServerResponse>> scripted = new HashMap<>();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), scripted,
        new KubernetesMixedDispatcher(scripted), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient(HTTP);
    try (InputStream in = BenchmarkRun.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (Exception e) {
      throw new IllegalStateException("cannot register the CRD from " + CRD_RESOURCE + ": " + e, e);
    }
  }

  /**
   * Every request the API received since the last call (from any client), oldest first: the mock server's own
   * request log, for tests that count what the operator sends.
   */
  public java.util.List<io.fabric8.mockwebserver.http.RecordedRequest> takeRequests() {
    java.util.List<io.fabric8.mockwebserver.http.RecordedRequest> out = new java.util.ArrayList<>();
    try {
      for (var r = server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS); r != null;
          r = server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        out.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** The mock API server, for tests that script a failing response with {@code server().expect()}. */
  public KubernetesMockServer server() {
    return server;
  }

  /** The test's own client (plays kubectl and the runners; the simulated control plane of Harness uses it too). */
  public KubernetesClient client() {
    return client;
  }

  /** Starts the operator with its own client, as a separate process would have. */
  public OperatorLauncher startOperator() {
    return startOperator(OperatorConfig.local());
  }

  /** The same, with a configuration of the test's (a pod policy, watched namespaces). */
  public OperatorLauncher startOperator(OperatorConfig config) {
    if (operator != null) {
      throw new IllegalStateException("operator already running");
    }
    // Its own User-Agent, so that tests can tell the operator's requests from their own in the request log.
    try (KubernetesClient base = server.createClient(HTTP)) {
      operatorClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withHttpClientFactory(HTTP)
          .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(base.getConfiguration())
              .withUserAgent(OPERATOR_USER_AGENT).build())
          .build();
    }
    operator = OperatorLauncher.start(operatorClient, config);
    return operator;
  }

  public OperatorLauncher operator() {
    return operator;
  }

  /** Stops the operator as a crash or a rollout would: nothing it held in memory survives. */
  public void stopOperator() {
    if (operator != null) {
      operator.stop();
      operatorClient.close();
      operator = null;
      operatorClient = null;
    }
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    server.destroy();
  }
}
