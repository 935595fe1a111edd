package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.kubesim.Component;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad specs are refused with a clear message and no retry storm; spec changes after acceptance are refused. */
class ValidationTest {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = new Harness();
    h.cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void invalidSpecFailsWithTheFieldNamedAndOtherRunsAreStillServed() {
    // The mock API has no schema validation: the operator's own check is all that stands between a typo and a Job.
    h.create(Harness.threeGroups("typo").replace("{name: eu-b, pods: 1,", "{name: eu-b, pods: 0,")
        .replace("startDelay: 100ms", "startDelay: soon"));
    BenchmarkRun r = h.awaitPhase("typo", Phase.Failed);
    Condition accepted = r.getStatus().condition(Conditions.ACCEPTED);
    assertEquals("False", accepted.getStatus());
    assertEquals("InvalidSpec", accepted.getReason());
    assertTrue(accepted.getMessage().contains("spec.placements[1].pods: must be at least 1, got 0"), accepted.getMessage());
    assertTrue(accepted.getMessage().contains("spec.startDelay"), accepted.getMessage());
    assertEquals("InvalidSpec", r.getStatus().condition(Conditions.COMPLETED).getReason());
    Harness.await("a Warning Event").until(() -> h.events("typo").stream()
        .anyMatch(e -> "Warning".equals(e.getType()) && "InvalidSpec".equals(e.getReason())
            && e.getMessage().contains("spec.placements[1].pods")));

    h.create(Harness.threeGroups("fine"));
    h.awaitPhase("fine", Phase.Starting);
    assertTrue(h.jobs("typo").isEmpty(), "nothing is created for an invalid run");
    assertEquals(1, h.events("typo").size(), "one Event, no retry storm: " + h.events("typo").stream()
        .map(Event::getReason).toList());
    assertEquals(r.getMetadata().getResourceVersion(), h.get("typo").getMetadata().getResourceVersion());
  }

  @Test
  void aReconcileThatLearnsNothingWritesNothing() {
    // a quiet cluster: no pod is made (the Job controller is paused), so no pod event changes anything either
    h.controlPlane.pause(Component.JOB_CONTROLLER);
    try {
      quietRunStaysQuiet();
    } finally {
      h.controlPlane.resume(Component.JOB_CONTROLLER);
    }
  }

  private void quietRunStaysQuiet() {
    h.create(Harness.threeGroups("quiet"));
    h.awaitPhase("quiet", Phase.Starting);
    Harness.await("the Starting Event").until(() -> h.events("quiet").stream().anyMatch(e -> "Starting".equals(e.getReason())));
    BenchmarkRun seen = h.get("quiet");
    String rv = seen.getMetadata().getResourceVersion();
    int events = h.events("quiet").size();
    var timer = h.cluster.operator().registry().find("regatta.reconcile.duration").timer();
    long before = timer.count();
    // Wake the run with events that change nothing it cares about.
    for (int i = 0; i < 3; i++) {
      int n = i;
      h.client.configMaps().inNamespace(Harness.NS).withName(Protocol.startConfigMapName("quiet"))
          .edit(cm -> {
            cm.getMetadata().getAnnotations().put("touched", Integer.toString(n));
            return cm;
          });
    }
    Harness.await("reconciles after the touches").until(() -> timer.count() > before);
    assertEquals(rv, h.get("quiet").getMetadata().getResourceVersion(), () -> "no status write: nothing changed; was "
        + h.client.getKubernetesSerialization().asJson(seen.getStatus()) + " now "
        + h.client.getKubernetesSerialization().asJson(h.get("quiet").getStatus()));
    assertEquals(events, h.events("quiet").size(), "no Event: nothing happened");
  }

  @Test
  void specChangeAfterAcceptanceIsRefusedAndTheAcceptedSpecStays() {
    h.create(Harness.threeGroups("frozen"));
    h.awaitPhase("frozen", Phase.Starting);
    String runFile = h.client.configMaps().inNamespace(Harness.NS).withName(Protocol.specConfigMapName("frozen")).get()
        .getData().get(Protocol.RUN_FILE_KEY);
    // A cluster's CEL rule (self == oldSelf) would reject this edit; the mock has no CEL, so the operator's check shows.
    // (retried: the operator may write status between our read and our write, as in a cluster)
    Harness.await("the spec edit").until(() -> h.runs().withName("frozen").edit(x -> {
      x.getSpec().getPlacements().get(0).setPods(7);
      return x;
    }) != null);
    Harness.await("SpecChangeRefused condition").until(() -> h.get("frozen").getStatus()
        .condition(Conditions.SPEC_CHANGE_REFUSED) != null);
    BenchmarkRun r = h.get("frozen");
    Condition refused = r.getStatus().condition(Conditions.SPEC_CHANGE_REFUSED);
    assertEquals("True", refused.getStatus());
    assertTrue(refused.getMessage().contains("spec changed after the run was accepted (generation 2, accepted 1)"),
        refused.getMessage());
    assertEquals(1L, r.getStatus().getObservedGeneration(), "status still describes the accepted generation");
    assertEquals(Phase.Starting, r.getStatus().getPhase());
    assertEquals(runFile, h.client.configMaps().inNamespace(Harness.NS)
        .withName(Protocol.specConfigMapName("frozen")).get().getData().get(Protocol.RUN_FILE_KEY));
    assertEquals(2, RunObjects.acceptedSpec(h.client.configMaps().inNamespace(Harness.NS)
        .withName(Protocol.specConfigMapName("frozen")).get()).getPlacements().get(0).getPods());
    assertEquals(2, h.job("frozen-eu-a").getSpec().getCompletions());
    Harness.await("a Warning Event").until(() -> h.events("frozen").stream()
        .anyMatch(e -> "SpecChangeRefused".equals(e.getReason()) && "Warning".equals(e.getType())));
  }
}
