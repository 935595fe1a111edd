package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.kubesim.Component;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Object names are the run's name joined with its placement's, so two runs can want the same one; an object of
 * that name that is not the run's own is never adopted: the run fails at once naming the other owner and what to
 * rename, and the other run goes on untouched. Leftovers of a deleted run are waited out, not taken over.
 */
class NameCollisionTest {
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

  private static String run(String name, String placement) {
    return """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: %s, namespace: %s}
        spec:
          placements:
            - {name: "%s", pods: 1}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", key: k}
              duration: 1s
          startDelay: 100ms
          startTimeout: 1m
        """.formatted(name, Harness.NS, placement);
  }

  @Test
  void theIssuesTwoRunsWithOneJobName() {
    h.create(run("web", "eu-1"));
    h.awaitPhase("web", Phase.Starting);
    String webUid = h.get("web").getMetadata().getUid();
    h.create(run("web-eu", "1"));

    BenchmarkRun second = h.awaitPhase("web-eu", Phase.Failed);
    assertEquals("NameCollision", second.getStatus().condition(Conditions.ACCEPTED).getReason());
    assertEquals("NameCollision", second.getStatus().condition(Conditions.COMPLETED).getReason());
    String m = second.getStatus().getMessage();
    assertTrue(m.startsWith("name collision: Job web-eu-1 already belongs to run web: "), m);
    assertTrue(m.contains("placement \"1\" (Job <run>-<placement>)"), m);
    assertTrue(m.contains("rename this run or its placement \"1\""), m);
    Harness.await("a Warning Event").until(() -> h.events("web-eu").stream()
        .anyMatch(e -> "Warning".equals(e.getType()) && "NameCollision".equals(e.getReason())));
    // Found before anything was created: the second run made nothing its pods could use.
    assertTrue(h.jobs("web-eu").isEmpty());
    assertNull(h.client.serviceAccounts().inNamespace(Harness.NS).withName("web-eu-runner").get());

    // The first run is untouched and finishes.
    Job job = h.job("web-eu-1");
    assertEquals(webUid, job.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals("web", job.getMetadata().getLabels().get(Protocol.LABEL_RUN));
    List<Pod> pods = h.startAll("web");
    h.awaitPhase("web", Phase.Running);
    h.finishAll("web", pods);
    assertEquals(Phase.Succeeded, h.awaitPhase("web", Phase.Succeeded).getStatus().getPhase());
  }

  @Test
  void twoRunsWithOneResultConfigMapName() {
    // run a-result-x's results are "a-result-x-result-<placement>-<index>"; run a's are "a-result-<placement>-<index>"
    h.create(run("a-result-x", "p"));
    h.awaitPhase("a-result-x", Phase.Starting);
    h.create(run("a", "x-result-p"));
    String m = h.awaitPhase("a", Phase.Failed).getStatus().getMessage();
    assertTrue(m.startsWith("name collision: ConfigMap a-result-x-result-p-0 already belongs to run a-result-x"), m);
    assertTrue(m.contains("rename this run or its placement \"x-result-p\""), m);
    assertTrue(h.jobs("a").isEmpty(), "no Job for a run whose objects are not all its own");
  }

  @Test
  void anAccountOrRoleSomebodyElseMadeIsNotAdopted() {
    // A run named "deploy" would otherwise run its pods as an existing "deploy-runner" account, with its rights.
    h.client.serviceAccounts().inNamespace(Harness.NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("deploy-runner").endMetadata().build()).create();
    h.create(run("deploy", "eu"));
    String m = h.awaitPhase("deploy", Phase.Failed).getStatus().getMessage();
    assertTrue(m.startsWith("name collision: ServiceAccount deploy-runner already exists and no BenchmarkRun controls it"),
        m);
    assertTrue(m.contains("delete that ServiceAccount or rename this run"), m);
    assertTrue(h.jobs("deploy").isEmpty());

    h.client.rbac().roles().inNamespace(Harness.NS).resource(new RoleBuilder().withNewMetadata().withName("admin-runner")
        .endMetadata().addNewRule().withApiGroups("").withResources("secrets").withVerbs("get").endRule().build()).create();
    h.create(run("admin", "eu"));
    m = h.awaitPhase("admin", Phase.Failed).getStatus().getMessage();
    assertTrue(m.startsWith("name collision: Role admin-runner already exists"), m);
    assertNull(h.client.rbac().roleBindings().inNamespace(Harness.NS).withName("admin-runner").get(),
        "the run's account is never bound to a Role it did not make");

    // A ConfigMap of the user's own that happens to have the spec map's name.
    h.client.configMaps().inNamespace(Harness.NS).resource(new ConfigMapBuilder().withNewMetadata().withName("mine-spec")
        .endMetadata().addToData("k", "v").build()).create();
    h.create(run("mine", "eu"));
    m = h.awaitPhase("mine", Phase.Failed).getStatus().getMessage();
    assertTrue(m.startsWith("name collision: ConfigMap mine-spec already exists and no BenchmarkRun controls it"), m);
    assertEquals("v", h.client.configMaps().inNamespace(Harness.NS).withName("mine-spec").get().getData().get("k"),
        "left as it was");
  }

  @Test
  void aJobTakenBetweenTheLookUpAndTheCreateFailsTheRunAndItsOtherJobsAreDeleted() {
    // The Job controller is paused, so that the operator's look-up is the only GET of race-b the scripted answer
    // below can meet (the controller would read the Job to write its status).
    h.controlPlane.pause(Component.JOB_CONTROLLER);
    try {
      jobTakenBetweenTheLookUpAndTheCreate();
    } finally {
      h.controlPlane.resume(Component.JOB_CONTROLLER);
    }
  }

  private void jobTakenBetweenTheLookUpAndTheCreate() {
    // Somebody's Job "race-b"; the look-up before the creates is answered "not found" once (as if it came
    // into being right after), so the collision shows only at the create, after run race's Job race-a exists.
    h.client.batch().v1().jobs().inNamespace(Harness.NS).resource(new io.fabric8.kubernetes.api.model.batch.v1
        .JobBuilder().withNewMetadata().withName("race-b").endMetadata().withNewSpec().withNewTemplate()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    h.cluster.server().expect().get().withPath("/apis/batch/v1/namespaces/" + Harness.NS + "/jobs/race-b")
        .andReturn(404, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(404).withReason("NotFound")
            .build()).once();
    h.create(run("race", "a").replace("    - {name: \"a\", pods: 1}", "    - {name: a, pods: 1}\n    - {name: b, pods: 1}"));
    String m = h.awaitPhase("race", Phase.Failed).getStatus().getMessage();
    assertTrue(m.startsWith("name collision: Job race-b already exists and no BenchmarkRun controls it"), m);
    Harness.await("the run's own Job deleted").until(() -> h.job("race-a") == null);
    // the request log may record a request after its answer is seen: read it until the DELETE is there
    List<String> calls = new ArrayList<>();
    String delete = "DELETE /apis/batch/v1/namespaces/" + Harness.NS + "/jobs/race-a";
    Harness.await("the DELETE of race-a in the request log").until(() -> {
      h.cluster.takeRequests().stream().map(r -> r.getMethod() + " " + r.getPath()).filter(c -> c.contains("/jobs"))
          .forEach(calls::add);
      return calls.contains(delete);
    });
    assertTrue(calls.contains(delete), "race-a was created, then deleted: " + calls);
    assertEquals("busybox", h.job("race-b").getSpec().getTemplate().getSpec().getContainers().get(0)
        .getImage(), "somebody's Job is left as it was");
  }

  @Test
  void aRunAppliedAgainRightAfterItsDeletionWaitsForTheOldObjectsInsteadOfTakingThemOver() {
    h.create(run("again", "eu"));
    h.awaitPhase("again", Phase.Starting);
    h.startAll("again");
    h.awaitPhase("again", Phase.Running);
    // The garbage collector is behind (paused): the old Job, pod and result ConfigMap (state ready) stay a while.
    h.controlPlane.pause(Component.GARBAGE_COLLECTOR);
    h.runs().withName("again").delete();
    Harness.await("the old run is gone").until(() -> h.get("again") == null);
    assertTrue(!h.jobs("again").isEmpty());

    h.create(run("again", "eu"));
    Harness.await("the new run waits for the old objects").until(() -> {
      BenchmarkRun r = h.get("again");
      return r.getStatus() != null && r.getStatus().getMessage() != null
          && r.getStatus().getMessage().startsWith("waiting for Job again-eu of a deleted run to be removed");
    });
    assertEquals(Phase.Pending, h.get("again").getStatus().getPhase(), "the old run's ready runner is not this run's");
    h.controlPlane.resume(Component.GARBAGE_COLLECTOR);
    BenchmarkRun fresh = h.awaitPhase("again", Phase.Starting);
    assertEquals(fresh.getMetadata().getUid(), h.job("again-eu").getMetadata().getOwnerReferences().get(0)
        .getUid());
    assertEquals("0/1", fresh.getStatus().getPodSummary(), "nothing of the old run is counted");
  }
}
