package dev.regatta.kubesim.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** fabric8's mock API in CRUD mode on loopback: the API the simulated components are tested against. */
public final class MockApi implements AutoCloseable {
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApi() {
    Map<ServerRequest, Queue<ServerResponse>> scripted = new HashMap<>();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), scripted,
        new KubernetesMixedDispatcher(scripted), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient(new JdkHttpClientFactory());
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * The next {@code times} PATCHes of path answer 409 Conflict, as an API server does when another writer changed
   * the object since it was read; later ones reach the CRUD store again.
   */
  public void conflictOn(String path, int times) {
    server.expect().patch().withPath(path).andReturn(409, new io.fabric8.kubernetes.api.model.StatusBuilder()
        .withStatus("Failure").withReason("Conflict").withCode(409)
        .withMessage("the object has been modified; please apply your changes to the latest version and try again")
        .build()).times(times);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
