package dev.regatta.kubesim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.kubesim.gc.ResourceKind;
import dev.regatta.kubesim.jobs.IndexedPods;
import dev.regatta.kubesim.kubelet.PodEnd;
import dev.regatta.kubesim.kubelet.PodRuntime;
import dev.regatta.kubesim.nodes.NodePool;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.kubesim.testing.MockApi;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The components together on the mock API, fed by its watches: a Job's pods are made, scheduled, run by a
 * runtime that exits as each container's EXIT variable says, and the Job completes; deleting owners cascades.
 */
class SimulatedClusterTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static MockApi api;
  static KubernetesClient client;
  static SimulatedCluster sim;
  /** Pods the runtime started and pods it was told to kill. */
  static final Set<String> started = ConcurrentHashMap.newKeySet();
  static final Set<String> killed = ConcurrentHashMap.newKeySet();

  /** Runs each pod at once; it exits as the runner's EXIT says, or runs until killed when there is none. */
  static final PodRuntime RUNTIME = (pod, events) -> {
    String name = pod.getMetadata().getName();
    started.add(name);
    Instant now = Instant.now();
    events.running(now, Set.of());
    pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> "EXIT".equals(e.getName())).findFirst()
        .ifPresent(e -> events.ended(PodEnd.exited(Integer.parseInt(e.getValue()), "exit " + e.getValue(), now,
            Instant.now())));
    return () -> killed.add(name);
  };

  @BeforeAll
  static void start() {
    api = new MockApi();
    client = api.client();
    sim = SimulatedCluster.on(client).nodes(NodePool.of("node", Zone.DEFAULT, 1)).runtime(RUNTIME)
        .ownerKind(new ResourceKind("v1", "ConfigMap", "configmaps")).instance("test").start();
  }

  @AfterAll
  static void stop() {
    sim.close();
    api.close();
  }

  private static Job submit(String ns, String name, String region, Integer exit, ConfigMap owner) {
    var b = new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withCompletionMode("Indexed").withCompletions(2).withParallelism(2).withBackoffLimitPerIndex(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .withNodeSelector(java.util.Map.of(NodePool.REGION, region))
        .addNewContainer().withName("runner").withImage("runner:1").endContainer()
        .endSpec().endTemplate().endSpec();
    Job job = b.build();
    if (exit != null) {
      job.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(
          new io.fabric8.kubernetes.api.model.EnvVar("EXIT", String.valueOf(exit), null)));
    }
    if (owner != null) {
      job.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
          .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build()));
    }
    return client.batch().v1().jobs().inNamespace(ns).resource(job).create();
  }

  private static List<Pod> pods(String ns, Job job) {
    return client.pods().inNamespace(ns).withLabel(IndexedPods.JOB_NAME_LABEL, job.getMetadata().getName()).list()
        .getItems();
  }

  private static boolean hasCondition(String ns, Job job, String type) {
    Job j = client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
    return j != null && j.getStatus() != null && j.getStatus().getConditions() != null
        && j.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void anIndexedJobIsScheduledRunAndCompleted() {
    Job job = submit("done", "eu", "eu-west-1", 0, null);
    await("Job done/eu Complete").atMost(WAIT).until(() -> hasCondition("done", job, "Complete"));
    List<Pod> pods = pods("done", job);
    assertEquals(2, pods.size());
    for (Pod p : pods) {
      assertEquals("Succeeded", p.getStatus().getPhase());
      assertTrue(p.getSpec().getNodeName().startsWith("node-eu-west-1"), p.getSpec().getNodeName());
      assertEquals("127.0.0.1", p.getStatus().getPodIP());
      assertEquals(0, p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());
    }
    assertEquals(2, pods.stream().map(p -> p.getSpec().getNodeName()).distinct().count(), "spread over both zones");
    List<String> sources = client.v1().events().inNamespace("done").list().getItems().stream()
        .map(e -> e.getSource().getComponent() + " " + e.getReason()).distinct().sorted().toList();
    assertEquals(List.of("default-scheduler Scheduled", "job-controller Completed", "job-controller SuccessfulCreate",
        "kubelet Started"), sources);
  }

  @Test
  void aFailingPodFailsItsJobAndTheKubeletNamesItsExitCode() {
    Job job = submit("failing", "crash", "us-east-1", 1, null);
    await("Job failing/crash Failed").atMost(WAIT).until(() -> hasCondition("failing", job, "Failed"));
    Event exited = client.v1().events().inNamespace("failing").list().getItems().stream()
        .filter(e -> "Error".equals(e.getReason())).findFirst().orElseThrow();
    assertEquals("Container runner exited with code 1: exit 1", exited.getMessage());
    assertEquals("Warning", exited.getType());
  }

  @Test
  void deletingAJobStopsAndDeletesItsPodsThroughTheGarbageCollector() {
    Job job = submit("deleting", "forever", "us-east-1", null, null);
    await("two pods running").atMost(WAIT).until(() -> pods("deleting", job).stream()
        .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
    List<String> names = pods("deleting", job).stream().map(p -> p.getMetadata().getName()).toList();
    client.batch().v1().jobs().inNamespace("deleting").withName("forever").delete();
    await("the pods deleted").atMost(WAIT).until(() -> pods("deleting", job).isEmpty());
    await("their containers killed").atMost(WAIT).until(() -> killed.containsAll(names));
    assertTrue(sim.garbageCollector().deleted().containsAll(names.stream().map(n -> "Pod deleting/" + n).toList()),
        sim.garbageCollector().deleted().toString());
  }

  @Test
  void deletingAnOwnerDeletesWhatOnlyItOwns() {
    ConfigMap owner = client.configMaps().inNamespace("owned").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("owner").endMetadata().build()).create();
    ConfigMap other = client.configMaps().inNamespace("owned").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("other").endMetadata().build()).create();
    Job job = submit("owned", "child", "eu-west-1", null, owner);
    ConfigMap shared = client.configMaps().inNamespace("owned").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("shared").withOwnerReferences(
            new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                .withUid(owner.getMetadata().getUid()).build(),
            new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("other")
                .withUid(other.getMetadata().getUid()).build())
        .endMetadata().build()).create();
    await("the child's pods").atMost(WAIT).until(() -> pods("owned", job).size() == 2);
    client.configMaps().inNamespace("owned").withName("owner").delete();
    await("the Job and its pods deleted").atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace("owned")
        .withName("child").get() == null && pods("owned", job).isEmpty());
    assertNotNull(client.configMaps().inNamespace("owned").withName(shared.getMetadata().getName()).get(),
        "an object with another owner still there stays");
  }

  @Test
  void aPausedJobControllerCatchesUpWhenResumed() {
    sim.pause(Component.JOB_CONTROLLER);
    Job job;
    try {
      job = submit("paused", "late", "eu-west-1", 0, null);
      await("the Job's event waiting for the Job controller").atMost(WAIT)
          .until(() -> sim.waiting(Component.JOB_CONTROLLER) > 0);
      assertTrue(pods("paused", job).isEmpty(), "no pod while the Job controller is paused");
    } finally {
      sim.resume(Component.JOB_CONTROLLER);
    }
    await("Job paused/late Complete").atMost(WAIT).until(() -> hasCondition("paused", job, "Complete"));
  }

  @Test
  void aPodThatFitsNoNodeStaysPendingUnschedulable() {
    Job job = submit("nowhere", "mars", "mars-1", 0, null);
    await("unschedulable pods").atMost(WAIT).until(() -> pods("nowhere", job).size() == 2 && pods("nowhere", job)
        .stream().allMatch(p -> p.getStatus().getConditions().stream()
            .anyMatch(c -> "Unschedulable".equals(c.getReason()))));
    assertTrue(pods("nowhere", job).stream().noneMatch(p -> started.contains(p.getMetadata().getName())));
  }
}
