package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.read.MalformedRuns;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No object in the API stops the operator. Each malformed run is created as raw JSON, past the Java types (as
 * kubectl would on an API without the CRD's schema, or with a schema that lets it through); the mock API checks
 * nothing. Each ends Failed with Accepted=False, reason InvalidSpec, naming the field; a good run created before
 * them and one created after both reach Succeeded, and the operator stays healthy.
 */
class MalformedRunsTest {
  private static final ResourceDefinitionContext RUNS = new ResourceDefinitionContext.Builder()
      .withGroup(BenchmarkRun.GROUP).withVersion(BenchmarkRun.VERSION).withKind(BenchmarkRun.KIND)
      .withPlural(BenchmarkRun.PLURAL).withNamespaced(true).build();

  private static GenericKubernetesResource raw(Harness h, String yaml) {
    return h.client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static void createRaw(Harness h, GenericKubernetesResource raw) {
    h.client.genericKubernetesResources(RUNS).inNamespace(Harness.NS).resource(raw).create();
  }

  private static void runToSuccess(Harness h, String name) {
    h.awaitPhase(name, Phase.Starting);
    List<Pod> pods = h.startAll(name);
    h.awaitPhase(name, Phase.Running);
    h.finishAll(name, pods);
    h.awaitPhase(name, Phase.Succeeded);
  }

  @Test
  void everyMalformedRunFailsNamingTheFieldAndTheOthersGoOn() {
    try (Harness h = new Harness()) {
      h.cluster.startOperator();
      h.create(Harness.threeGroups("before"));
      h.awaitPhase("before", Phase.Starting);

      List<MalformedRuns.Case> cases = MalformedRuns.all();
      cases.forEach(c -> createRaw(h, raw(h, c.yaml())));
      for (MalformedRuns.Case c : cases) {
        BenchmarkRun r = h.awaitPhase(c.name(), Phase.Failed);
        Condition accepted = r.getStatus().condition(Conditions.ACCEPTED);
        assertEquals("False", accepted.getStatus(), c.label());
        assertEquals("InvalidSpec", accepted.getReason(), c.label());
        assertTrue(accepted.getMessage().contains(c.field() + ": ") && accepted.getMessage().contains(c.message()),
            c.label() + ": expected " + c.field() + ": ..." + c.message() + "... in " + accepted.getMessage());
        assertTrue(h.jobs(c.name()).isEmpty(), c.label() + ": nothing is created for an invalid run");
      }
      assertTrue(h.cluster.operator().isHealthy(), "every informer still watching");

      runToSuccess(h, "before");
      h.create(Harness.threeGroups("after"));
      runToSuccess(h, "after");
    }
  }

  @Test
  void aMegabyteValueLeavesStatusAndEventsSmall() {
    try (Harness h = new Harness()) {
      h.cluster.startOperator();
      String huge = "n".repeat(1 << 20);
      GenericKubernetesResource run = raw(h, Harness.threeGroups("huge"));
      @SuppressWarnings("unchecked")
      Map<String, Object> scenario = ((List<Map<String, Object>>) ((Map<String, Object>) run.getAdditionalProperties()
          .get("spec")).get("scenarios")).get(0);
      scenario.put("name", huge);
      createRaw(h, run);
      BenchmarkRun r = h.awaitPhase("huge", Phase.Failed);
      String status = h.client.getKubernetesSerialization().asJson(r.getStatus());
      assertTrue(status.length() < 8 * 1024, "status is " + status.length() + " characters");
      assertTrue(r.getStatus().getMessage().contains("spec.scenarios[0].name: '" + "n".repeat(64) + "...' (1048576 characters)"),
          r.getStatus().getMessage());
      Harness.await("the InvalidSpec Event").until(() -> h.events("huge").stream()
          .anyMatch(e -> "InvalidSpec".equals(e.getReason())));
      for (Event e : h.events("huge")) {
        assertTrue(e.getMessage().length() <= 1024, "Event message of " + e.getMessage().length() + " characters");
      }
    }
  }

  @Test
  void aStatusWrittenByHandThatDoesNotFitFailsTheRunNotTheOperator() {
    try (Harness h = new Harness()) {
      h.cluster.startOperator();
      h.create(Harness.threeGroups("scribbled"));
      h.awaitPhase("scribbled", Phase.Starting);
      Harness.await("a status nobody can read").until(() -> {
        GenericKubernetesResource g = h.client.genericKubernetesResources(RUNS).inNamespace(Harness.NS)
            .withName("scribbled").get();
        g.setAdditionalProperty("status", Map.of("phase", "Bogus"));
        h.client.genericKubernetesResources(RUNS).inNamespace(Harness.NS).resource(g).updateStatus();
        return true;
      });
      // A status write alone does not wake the run (JOSDK filters updates that leave the generation as it was);
      // its pods do: one reports ready.
      h.runners.runnerReady(h.runners.run(h.runners.awaitPods(h.jobs("scribbled").get(0).getMetadata().getName()).get(0)));
      BenchmarkRun r = h.awaitPhase("scribbled", Phase.Failed);
      Condition completed = r.getStatus().condition(Conditions.COMPLETED);
      assertEquals("InvalidStatus", completed.getReason());
      assertTrue(completed.getMessage().contains("status.phase: must be one of"), completed.getMessage());

      h.create(Harness.threeGroups("next"));
      runToSuccess(h, "next");
    }
  }
}
