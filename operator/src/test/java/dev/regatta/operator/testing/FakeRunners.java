package dev.regatta.operator.testing;

import dev.regatta.kubesim.kubelet.PodEnd;
import dev.regatta.kubesim.kubelet.PodEvents;
import dev.regatta.kubesim.kubelet.PodRuntime;
import dev.regatta.kubesim.kubelet.SidecarRestart;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The runners of the operator's tests: the {@link PodRuntime} the simulated kubelet runs every pod with. Nothing
 * happens in a pod until the test says so: its containers start ({@link #run}), a sidecar never gets ready, the
 * image cannot be pulled, the runner writes ready, done or failed into its result ConfigMap as docs/PROTOCOL.md
 * says, the runner exits with a code and a termination message. The Job controller, scheduler, kubelet and
 * garbage collector of the simulated control plane do the rest, as in a cluster: so every step of a runner is
 * visible in the test, and everything else is what a cluster would do.
 */
public final class FakeRunners implements PodRuntime {
  private final KubernetesClient client;
  private final String namespace;
  /** Every pod the kubelet started, oldest first. */
  private final List<Started> started = new CopyOnWriteArrayList<>();
  private final Map<String, Started> byName = new ConcurrentHashMap<>();
  private volatile Runnable settle = () -> { };

  /** A pod the kubelet handed over: what it reports to, and when its containers started (once run). */
  private static final class Started {
    final Pod pod;
    final PodEvents events;
    volatile Instant runningSince;
    volatile boolean killed;

    Started(Pod pod, PodEvents events) {
      this.pod = pod;
      this.events = events;
    }
  }

  public FakeRunners(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** What waits until the kubelet has written what it was told (the control plane's sync). */
  void settleWith(Runnable settle) {
    this.settle = settle;
  }

  @Override
  public RunningPod start(Pod pod, PodEvents events) {
    Started s = new Started(pod, events);
    byName.put(pod.getMetadata().getName(), s);
    started.add(s);
    return () -> s.killed = true;
  }

  // ---- the pods the Job controller made ----

  /** The current pod of every index of the Job, by index, once the kubelet has started them all. */
  public List<Pod> awaitPods(String jobName) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    int completions = job.getSpec().getCompletions();
    List<Pod> pods = new ArrayList<>(Harness.await(completions + " pod(s) of Job " + jobName + " started")
        .until(() -> latest(jobName), latest -> latest.size() == completions).values());
    return pods;
  }

  /** The pod the Job controller made for the index after {@code replaced} ended. */
  public Pod awaitRetry(String jobName, int index, Pod replaced) {
    return Harness.await("a new pod for index " + index + " of Job " + jobName + " after "
        + replaced.getMetadata().getName()).until(() -> latest(jobName).get(index),
            p -> p != null && !p.getMetadata().getName().equals(replaced.getMetadata().getName()));
  }

  /** Every pod the kubelet started for the Job, oldest first. */
  public List<Pod> startedPods(String jobName) {
    return started.stream().map(s -> s.pod).filter(p -> jobName.equals(jobName(p))).toList();
  }

  /** index → the newest pod started for it */
  private SortedMap<Integer, Pod> latest(String jobName) {
    SortedMap<Integer, Pod> latest = new TreeMap<>();
    for (Pod p : startedPods(jobName)) {
      latest.put(index(p), p);
    }
    return latest;
  }

  // ---- the containers, as the kubelet hears of them ----

  /** Sidecars started and ready, runner running. */
  public Pod run(Pod pod) {
    Started s = started(pod);
    s.runningSince = Instant.now();
    s.events.running(s.runningSince, Set.of());
    return settled(pod);
  }

  /** Running, but the sidecars never pass their readiness probe. */
  public Pod runWithSidecarNotReady(Pod pod) {
    Started s = started(pod);
    s.runningSince = Instant.now();
    s.events.running(s.runningSince, pod.getSpec().getInitContainers().stream().map(Container::getName)
        .collect(Collectors.toSet()));
    return settled(pod);
  }

  /** The runner image cannot be pulled: the pod stays Pending. */
  public Pod imagePullError(Pod pod) {
    String image = pod.getSpec().getContainers().get(0).getImage();
    started(pod).events.waiting(Protocol.RUNNER_CONTAINER, "ErrImagePull", "rpc error: pull access denied for " + image);
    return settled(pod);
  }

  /** The runner exits: 0 Succeeded, anything else Failed, with the termination message the runner wrote. */
  public Pod exit(Pod pod, int code, String terminationMessage) {
    Started s = started(pod);
    s.events.ended(PodEnd.exited(code, terminationMessage, s.runningSince, Instant.now()));
    return settled(pod);
  }

  /** The kubelet restarted the pod's native sidecars after they died (SIGKILL, exit 137); the pod runs on. */
  public Pod sidecarRestarted(Pod pod, int restarts) {
    Started s = started(pod);
    Instant now = Instant.now();
    for (Container c : pod.getSpec().getInitContainers()) {
      s.events.sidecarRestarted(new SidecarRestart(c.getName(), restarts, 137, now, now, null));
    }
    return settled(pod);
  }

  /** Whether the kubelet stopped the pod's containers (its pod was deleted). */
  public boolean killed(Pod pod) {
    return started(pod).killed;
  }

  private Started started(Pod pod) {
    Started s = byName.get(pod.getMetadata().getName());
    if (s == null) {
      throw new IllegalStateException("the kubelet never started pod " + pod.getMetadata().getName());
    }
    return s;
  }

  private Pod settled(Pod pod) {
    settle.run();
    return client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
  }

  // ---- the runner, in its result ConfigMap ----

  /** The result ConfigMap name a pod's runner derives from its placement and index. */
  public static String resultMap(Pod pod) {
    Map<String, String> l = pod.getMetadata().getLabels();
    return Protocol.resultConfigMapName(l.get(Protocol.LABEL_RUN), l.get(Protocol.LABEL_PLACEMENT), index(pod));
  }

  public static int index(Pod pod) {
    return Integer.parseInt(pod.getMetadata().getLabels().get(Protocol.LABEL_JOB_COMPLETION_INDEX));
  }

  private static String jobName(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("job-name");
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

  /** The start instant the operator published for the run, or null. */
  public String startAt(String run) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(Protocol.startConfigMapName(run)).get();
    return cm == null || cm.getData() == null ? null : cm.getData().get(Protocol.START_AT_KEY);
  }
}
