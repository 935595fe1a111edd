package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.testing.Harness;
import dev.regatta.operator.testing.MockCluster;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating a run's objects with several requests in flight: idempotent, resumable, one clear failure. */
class BoundedCreatesTest {
  private static final String NS = "creates";

  private static List<ConfigMap> maps(int n) {
    List<ConfigMap> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata()
          .withData(Map.of("i", "" + i)).build());
    }
    return out;
  }

  private static void forbidNextConfigMapCreate(MockCluster c, String ns) {
    c.server().expect().post().withPath("/api/v1/namespaces/" + ns + "/configmaps")
        .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
            .withMessage("configmaps is forbidden (scripted by the test)").build())
        .once();
  }

  @Test
  void createsEveryObjectKeepsExistingOnesAndResumesAfterAFailure() {
    try (MockCluster c = new MockCluster()) {
      KubernetesClient client = c.client();
      List<ConfigMap> maps = maps(60);
      // one already there, with other content: already-exists is fine, and it is not overwritten
      client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder(maps.get(7)).withData(Map.of("i", "before"))
          .build()).create();
      forbidNextConfigMapCreate(c, NS);

      KubernetesClientException e = assertThrows(KubernetesClientException.class,
          () -> BoundedCreates.createAll(client, NS, "result ConfigMaps", maps));
      assertEquals(403, e.getCode());
      String m = e.getMessage();
      assertTrue(m.startsWith("creating 60 result ConfigMaps: 1 failed, "), m);
      assertTrue(m.contains("first failure: ConfigMap " + NS + "/cm-"), m);
      assertTrue(m.contains("forbidden (scripted by the test)"), m);
      int after = client.configMaps().inNamespace(NS).list().getItems().size();
      assertTrue(after < 60, "one create failed, yet " + after + " ConfigMaps exist");

      // the next reconcile calls it again with the same objects: the rest is created, nothing fails
      BoundedCreates.createAll(client, NS, "result ConfigMaps", maps);
      assertEquals(60, client.configMaps().inNamespace(NS).list().getItems().size());
      assertEquals("before", client.configMaps().inNamespace(NS).withName("cm-7").get().getData().get("i"));
      assertEquals("59", client.configMaps().inNamespace(NS).withName("cm-59").get().getData().get("i"));
    }
  }

  @Test
  void aRunWhoseFirstCreateFailsIsCreatedCompletelyOnTheRetry() {
    try (Harness h = new Harness()) {
      forbidNextConfigMapCreate(h.cluster, Harness.NS);
      h.cluster.startOperator();
      h.create(Harness.threeGroups("retry"));
      h.awaitPhase("retry", Phase.Starting);
      int pods = h.get("retry").getSpec().totalPods();
      assertEquals(pods + 2, h.client.configMaps().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, "retry").list()
          .getItems().size(), "a result ConfigMap per pod, the spec and the start ConfigMap");
      assertEquals(h.get("retry").getSpec().getPlacements().size(), h.jobs("retry").size());
      long posts = h.cluster.takeRequests().stream().filter(r -> "POST".equals(r.getMethod())
          && r.getPath().startsWith("/api/v1/namespaces/" + Harness.NS + "/configmaps")).count();
      assertTrue(posts >= pods + 3, "the scripted failure was answered, then every ConfigMap created: " + posts
          + " POSTs");
    }
  }
}
