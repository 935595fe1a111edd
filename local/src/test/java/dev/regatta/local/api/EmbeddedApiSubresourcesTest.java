package dev.regatta.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subresource path never reads or deletes anything but what a real API server would: the CRUD store
 * answers KIND/NAME/ANYTHING with every stored object (Secrets included) and deletes on DELETE .../status.
 */
class EmbeddedApiSubresourcesTest {
  private static final String SECRET_VALUE = "dG9wLXNlY3JldC12YWx1ZQ=="; // what must never leak
  private static EmbeddedApiServer api;
  private static KubernetesClient client;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    client = api.newClient();
    client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
        .withData(Map.of("password", SECRET_VALUE)).build()).create();
    client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().addNewContainer().withName("runner").withImage("busybox:1.36").endContainer().endSpec().build())
        .create();
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  @Test
  void unknownSubresourcesAre404AndLeakNothing() throws Exception {
    for (String path : new String[] {"/api/v1/namespaces/default/pods/p/anything", "/api/v1/namespaces/default/secrets/creds/x",
        "/api/v1/namespaces/default/secrets/creds/status", "/api/v1/namespaces/default/pods/nope/exec",
        "/api/v1/namespaces/default/pods/p/anything?watch=true"}) {
      HttpResponse<String> r = send("GET", path);
      assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + ": " + r.statusCode());
      assertTrue(r.body().contains("\"kind\":\"Status\""), r.body());
      assertFalse(r.body().contains(SECRET_VALUE), path + " leaks a Secret: " + r.body());
    }
  }

  @Test
  void execAndFriendsSayTheyAreNotAvailable() throws Exception {
    for (String sub : new String[] {"exec", "attach", "portforward", "proxy"}) {
      HttpResponse<String> r = send("POST", "/api/v1/namespaces/default/pods/p/" + sub + "?command=ls");
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("pods/" + sub + " is not available in Regatta local mode"), r.body());
    }
  }

  @Test
  void deletingThroughASubresourceDeletesNothing() throws Exception {
    assertEquals(404, send("DELETE", "/api/v1/namespaces/default/secrets/creds/status").statusCode());
    assertEquals(405, send("DELETE", "/api/v1/namespaces/default/pods/p/status").statusCode());
    assertNotNull(client.secrets().inNamespace("default").withName("creds").get(), "the Secret is still there");
    assertNotNull(client.pods().inNamespace("default").withName("p").get(), "the pod is still there");
  }

  @Test
  void logsOfAPodThatIsNotThereOrNotScheduled() throws Exception {
    HttpResponse<String> missing = send("GET", "/api/v1/namespaces/default/pods/nope/log");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("pods \\\"nope\\\" not found"), missing.body());
    HttpResponse<String> badContainer = send("GET", "/api/v1/namespaces/default/pods/p/log?container=redis");
    assertEquals(400, badContainer.statusCode());
    assertTrue(badContainer.body().contains("container redis is not valid for pod p"), badContainer.body());
    HttpResponse<String> badTail = send("GET", "/api/v1/namespaces/default/pods/p/log?tailLines=-1");
    assertEquals(400, badTail.statusCode());
    HttpResponse<String> unscheduled = send("GET", "/api/v1/namespaces/default/pods/p/log");
    assertEquals(200, unscheduled.statusCode(), "no node yet: nothing to read, as on a cluster");
    assertEquals("", unscheduled.body());
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + path)).method(method, HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
