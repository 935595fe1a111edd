package dev.regatta.kubesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.kubesim.kubelet.PodStatuses;
import dev.regatta.kubesim.testing.MockApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** A simulated controller's status write that races another writer is applied, not dropped. */
class StatusWriteTest {
  private static final String STATUS = "/api/v1/namespaces/default/pods/runner-0/status";

  @Test
  void aWriteAnsweredWithAConflictIsReadAgainAndApplied() {
    try (MockApi api = new MockApi()) {
      KubernetesClient client = api.client();
      Pod pod = create(client);
      api.conflictOn(STATUS, 2);

      PodStatuses.edit(client, pod, st -> st.setPhase("Running"));

      assertEquals("Running", client.pods().inNamespace("default").withName("runner-0").get().getStatus().getPhase(),
          "the write that lost two races is in the pod's status");
    }
  }

  @Test
  void aWriteThatKeepsLosingGivesUpAfterItsAttemptsWithoutThrowing() {
    try (MockApi api = new MockApi()) {
      KubernetesClient client = api.client();
      Pod pod = create(client);
      api.conflictOn(STATUS, StatusWrite.MAX_ATTEMPTS);

      boolean written = StatusWrite.edit(client.pods().inNamespace("default").withName("runner-0"), p -> {
        p.getStatus().setPhase("Running");
        return p;
      }, "pod runner-0");

      assertFalse(written);
      assertEquals("Pending", client.pods().inNamespace("default").withName("runner-0").get().getStatus().getPhase());
    }
  }

  @Test
  void aPodDeletedMeanwhileIsNotAnError() {
    try (MockApi api = new MockApi()) {
      KubernetesClient client = api.client();
      Pod pod = create(client);
      client.pods().inNamespace("default").withName("runner-0").delete();

      assertFalse(StatusWrite.edit(client.pods().inNamespace("default").withName("runner-0"), p -> p, "pod runner-0"));
      PodStatuses.edit(client, pod, st -> st.setPhase("Running")); // no exception for the caller's loop
      assertTrue(client.pods().inNamespace("default").withName("runner-0").get() == null);
    }
  }

  private static Pod create(KubernetesClient client) {
    return client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("runner-0")
        .endMetadata().withNewSpec().addNewContainer().withName("runner").withImage("runner").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build()).create();
  }
}
