package dev.regatta.operator.testing;

import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Plays, on the mock API, what a cluster does and the mock does not: the Job controller (an Indexed Job becomes
 * pods named JOB-INDEX-xxxxx with the completion-index label, and gets Complete/Failed conditions), the kubelet
 * (moves pods through phases, with container states, exit codes and termination messages), the runner (writes
 * its result ConfigMap as docs/PROTOCOL.md says), and the garbage collector (deletes dependents whose owner is
 * gone). It does only what a test tells it to, so every step is visible in the test.
 */
public final class FakeKubelet {
  public static final String INDEX_LABEL = "batch.kubernetes.io/job-completion-index";
  private final KubernetesClient client;
  private final String namespace;

  public FakeKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  // ---- Job controller ----

  public Job job(String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  /** Creates the pods of an Indexed Job, one per index, Pending, as the Job controller does. */
  public List<Pod> createPods(String jobName) {
    Job job = job(jobName);
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < job.getSpec().getCompletions(); i++) {
      pods.add(createPod(job, i));
    }
    return pods;
  }

  /** One pod for one index (also a retry of a failed index). */
  public Pod createPod(Job job, int index) {
    String jobName = job.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put(INDEX_LABEL, Integer.toString(index));
    labels.put("job-name", jobName);
    labels.put("batch.kubernetes.io/job-name", jobName);
    labels.put("controller-uid", job.getMetadata().getUid());
    var spec = client.getKubernetesSerialization().clone(job.getSpec().getTemplate().getSpec());
    spec.getContainers().forEach(c -> c.getEnv().add(new EnvVar(Protocol.ENV_INDEX, Integer.toString(index), null)));
    spec.setNodeName("node-" + index);
    Pod pod = new PodBuilder()
        .withNewMetadata()
          .withName(jobName + "-" + index + "-" + suffix())
          .withNamespace(namespace)
          .withLabels(labels)
          .withAnnotations(Map.of("batch.kubernetes.io/job-completion-index", Integer.toString(index)))
          .withOwnerReferences(owner(job))
        .endMetadata()
        .withSpec(spec)
        .withStatus(new PodStatusBuilder().withPhase("Pending").build())
        .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  public List<Pod> pods(String jobName) {
    return client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
  }

  public void completeJob(String jobName) {
    Job job = job(jobName);
    setJobCondition(job, new JobConditionBuilder().withType("Complete").withStatus("True").build(),
        job.getSpec().getCompletions(), 0);
  }

  public void failJob(String jobName, String reason, String message) {
    Job job = job(jobName);
    setJobCondition(job, new JobConditionBuilder().withType("Failed").withStatus("True").withReason(reason)
        .withMessage(message).build(), 0, 1);
  }

  private void setJobCondition(Job job, JobCondition c, int succeeded, int failed) {
    c.setLastTransitionTime(Instant.now().toString());
    job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
        .withConditions(c).withSucceeded(succeeded).withFailed(failed).build());
    client.batch().v1().jobs().inNamespace(namespace).resource(job).update();
  }

  // ---- kubelet ----

  /** Scheduled, sidecars started and ready, runner running. */
  public Pod run(Pod pod) {
    return setStatus(pod, status("Running", sidecarStatuses(pod, true), runnerRunning(pod)));
  }

  /** Running, but the sidecars never pass their readiness probe. */
  public Pod runWithSidecarNotReady(Pod pod) {
    return setStatus(pod, status("Running", sidecarStatuses(pod, false), runnerRunning(pod)));
  }

  /** The runner image cannot be pulled. */
  public Pod imagePullError(Pod pod) {
    ContainerStatus cs = new ContainerStatusBuilder().withName(Protocol.RUNNER_CONTAINER)
        .withImage(pod.getSpec().getContainers().get(0).getImage()).withReady(false).withRestartCount(0)
        .withNewState().withNewWaiting().withReason("ErrImagePull")
        .withMessage("rpc error: pull access denied for " + pod.getSpec().getContainers().get(0).getImage())
        .endWaiting().endState().build();
    return setStatus(pod, status("Pending", sidecarStatuses(pod, true), cs));
  }

  /** The runner exits: 0 Succeeded, anything else Failed, with the termination message the runner wrote. */
  public Pod exit(Pod pod, int code, String terminationMessage) {
    ContainerStatus cs = new ContainerStatusBuilder().withName(Protocol.RUNNER_CONTAINER)
        .withImage(pod.getSpec().getContainers().get(0).getImage()).withReady(false).withRestartCount(0)
        .withNewState().withNewTerminated().withExitCode(code).withReason(code == 0 ? "Completed" : "Error")
        .withMessage(terminationMessage).withFinishedAt(Instant.now().toString()).endTerminated().endState().build();
    return setStatus(pod, status(code == 0 ? "Succeeded" : "Failed", sidecarStatuses(pod, false), cs));
  }

  /**
   * The kubelet restarted the pod's native sidecars after they died (SIGKILL, exit 137): restartCount and
   * lastState as a kubelet reports them; the pod keeps its phase.
   */
  public Pod sidecarRestarted(Pod pod, int restarts) {
    Pod fresh = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
    PodStatus st = fresh.getStatus();
    List<ContainerStatus> sidecars = new ArrayList<>();
    for (ContainerStatus c : st.getInitContainerStatuses()) {
      sidecars.add(new ContainerStatusBuilder(c).withRestartCount(restarts).withNewLastState().withNewTerminated()
          .withExitCode(137).withReason("Error").withFinishedAt(Instant.now().toString()).endTerminated()
          .endLastState().build());
    }
    st.setInitContainerStatuses(sidecars);
    return setStatus(fresh, st);
  }

  private PodStatus status(String phase, List<ContainerStatus> sidecars, ContainerStatus runner) {
    return new PodStatusBuilder().withPhase(phase).withInitContainerStatuses(sidecars)
        .withContainerStatuses(runner).build();
  }

  private static ContainerStatus runnerRunning(Pod pod) {
    return new ContainerStatusBuilder().withName(Protocol.RUNNER_CONTAINER)
        .withImage(pod.getSpec().getContainers().get(0).getImage()).withReady(true).withStarted(true)
        .withRestartCount(0).withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning()
        .endState().build();
  }

  private static List<ContainerStatus> sidecarStatuses(Pod pod, boolean ready) {
    List<ContainerStatus> out = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      pod.getSpec().getInitContainers().forEach(c -> out.add(new ContainerStatusBuilder().withName(c.getName())
          .withImage(c.getImage()).withReady(ready).withStarted(true).withRestartCount(0)
          .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState().build()));
    }
    return out;
  }

  private Pod setStatus(Pod pod, PodStatus status) {
    Pod fresh = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
    fresh.setStatus(status);
    // Built-in kinds have no status subresource in the mock: a plain update carries the status.
    return client.pods().inNamespace(namespace).resource(fresh).update();
  }

  // ---- runner ----

  /** The result ConfigMap name a pod's runner derives from its placement and index. */
  public static String resultMap(Pod pod) {
    Map<String, String> l = pod.getMetadata().getLabels();
    return Protocol.resultConfigMapName(l.get(Protocol.LABEL_RUN), l.get(Protocol.LABEL_PLACEMENT),
        Integer.parseInt(l.get(INDEX_LABEL)));
  }

  public void runnerReady(Pod pod) {
    updateResult(pod, Map.of(Protocol.STATE_KEY, Protocol.STATE_READY, Protocol.READY_AT_KEY, Instant.now().toString(),
        Protocol.POD_KEY, pod.getMetadata().getName()));
  }

  public void runnerDone(Pod pod, ResultDocument doc) {
    updateResult(pod, Map.of(Protocol.STATE_KEY, Protocol.STATE_DONE, Protocol.RESULT_KEY, ResultJson.write(doc)));
  }

  public void runnerFailed(Pod pod, String message, ResultDocument partial) {
    Map<String, String> data = new HashMap<>(Map.of(Protocol.STATE_KEY, Protocol.STATE_FAILED,
        Protocol.MESSAGE_KEY, message, Protocol.POD_KEY, pod.getMetadata().getName()));
    if (partial != null) {
      data.put(Protocol.RESULT_KEY, ResultJson.write(partial));
    }
    updateResult(pod, data);
  }

  private void updateResult(Pod pod, Map<String, String> data) {
    client.configMaps().inNamespace(namespace).withName(resultMap(pod)).edit(cm -> {
      Map<String, String> d = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
      d.putAll(data);
      cm.setData(d);
      return cm;
    });
  }

  public String startAt(String run) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(Protocol.startConfigMapName(run)).get();
    return cm == null || cm.getData() == null ? null : cm.getData().get(Protocol.START_AT_KEY);
  }

  // ---- garbage collector ----

  /** Deletes every object whose owners are all gone, until nothing more goes (as the cluster's GC does). */
  public int collectGarbage() {
    int deleted = 0;
    boolean more = true;
    while (more) {
      more = false;
      Set<String> alive = new HashSet<>();
      all().forEach(o -> alive.add(o.getMetadata().getUid()));
      client.genericKubernetesResources("regatta.dev/v1alpha1", "BenchmarkRun").inNamespace(namespace).list()
          .getItems().forEach(o -> alive.add(o.getMetadata().getUid()));
      for (HasMetadata o : all().toList()) {
        List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
        if (owners != null && !owners.isEmpty() && owners.stream().noneMatch(r -> alive.contains(r.getUid()))) {
          client.resource(o).inNamespace(namespace).delete();
          deleted++;
          more = true;
        }
      }
    }
    return deleted;
  }

  private Stream<HasMetadata> all() {
    return Stream.of(client.configMaps().inNamespace(namespace).list().getItems(),
            client.batch().v1().jobs().inNamespace(namespace).list().getItems(),
            client.pods().inNamespace(namespace).list().getItems(),
            client.serviceAccounts().inNamespace(namespace).list().getItems(),
            client.rbac().roles().inNamespace(namespace).list().getItems(),
            client.rbac().roleBindings().inNamespace(namespace).list().getItems())
        .flatMap(List::stream).map(o -> (HasMetadata) o);
  }

  private static OwnerReference owner(HasMetadata o) {
    return new OwnerReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind())
        .withName(o.getMetadata().getName()).withUid(o.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build();
  }

  private static String suffix() {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
    }
    return b.toString();
  }
}
