package dev.regatta.kubesim.kubelet;

import dev.regatta.kubesim.Component;
import dev.regatta.kubesim.events.EventReason;
import dev.regatta.kubesim.events.EventRecorder;
import dev.regatta.kubesim.nodes.NodePool;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kubelet of every simulated node: it takes each pod bound to one of them, has its {@link PodRuntime} run the
 * containers, and writes what the runtime reports into the pod's status (Pending, Running and Ready, Succeeded or
 * Failed with the container's exit code, reason and termination message; sidecar restarts) with the kubelet's
 * Events. Deleting a pod stops its containers.
 *
 * <p>Runs on the control loop; reports from the runtime's threads are handed to it through {@code onLoop}.
 */
public final class Kubelet {
  private final KubernetesClient client;
  private final Map<String, Node> nodes;
  private final PodRuntime runtime;
  private final EventRecorder events;
  private final Clock clock;
  private final Consumer<Runnable> onLoop;
  /** uid → the pod's containers, while they run. Concurrent: {@link #close} reads it from another thread. */
  private final Map<String, PodRuntime.RunningPod> running = new ConcurrentHashMap<>();
  /** uids of the pods taken (loop thread only): a pod is started once, whatever updates follow. */
  private final Set<String> taken = new HashSet<>();

  /**
   * @param onLoop queues a task on the control loop (the runtime reports from its own threads)
   */
  public Kubelet(KubernetesClient client, List<Node> nodes, PodRuntime runtime, EventRecorder events, Clock clock,
      Consumer<Runnable> onLoop) {
    this.client = client;
    this.nodes = nodes.stream().collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity()));
    this.runtime = runtime;
    this.events = events;
    this.clock = clock;
    this.onLoop = onLoop;
  }

  /** A pod was added or changed: one newly bound to a node of ours starts. */
  public void podChanged(Pod pod) {
    Node node = nodes.get(pod.getSpec().getNodeName());
    if (node == null || pod.getMetadata().getDeletionTimestamp() != null || PodStatuses.isTerminal(pod)
        || !taken.add(pod.getMetadata().getUid())) {
      return;
    }
    write(pod, PodStatuses.admitted(pod, NodePool.address(node), clock.instant()));
    String uid = pod.getMetadata().getUid();
    running.put(uid, runtime.start(pod, new Reports(pod)));
  }

  /** A pod was deleted: its containers are stopped (off the loop: stopping waits for them), then it is forgotten. */
  public void podDeleted(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (!taken.remove(uid)) {
      return;
    }
    PodRuntime.RunningPod r = running.remove(uid);
    if (r == null) {
      runtime.removed(pod);
      return;
    }
    Thread t = new Thread(() -> {
      r.kill();
      onLoop.accept(() -> runtime.removed(pod));
    }, "kill-" + pod.getMetadata().getName());
    t.setDaemon(true);
    t.start();
  }

  /** Pods whose containers run (for tests and diagnostics). */
  public int runningPodCount() {
    return running.size();
  }

  /** Stops every pod's containers, all at once, waiting at most {@code wait} for them. */
  public void close(Duration wait) {
    List<Thread> killers = new ArrayList<>();
    for (PodRuntime.RunningPod r : running.values()) {
      Thread t = new Thread(r::kill, "kill-pod");
      t.start();
      killers.add(t);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    for (Thread t : killers) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running.clear();
  }

  private void write(Pod pod, Consumer<PodStatus> change) {
    PodStatuses.edit(client, pod, change);
  }

  /** One pod's reports, each handled on the loop, and only while the pod is ours (not deleted, not ended). */
  private final class Reports implements PodEvents {
    private final Pod pod;
    private final String uid;
    private final String main;

    Reports(Pod pod) {
      this.pod = pod;
      this.uid = pod.getMetadata().getUid();
      this.main = pod.getSpec().getContainers().get(0).getName();
    }

    private void whileRunning(Runnable r) {
      onLoop.accept(() -> {
        if (running.containsKey(uid)) {
          r.run();
        }
      });
    }

    @Override
    public void running(Instant startedAt, Set<String> unreadySidecars) {
      whileRunning(() -> {
        write(pod, PodStatuses.running(pod, startedAt, Set.copyOf(unreadySidecars), clock.instant()));
        events.record(pod, Component.KUBELET, EventReason.STARTED, "Started container " + main);
      });
    }

    @Override
    public void waiting(String container, String reason, String message) {
      whileRunning(() -> {
        write(pod, PodStatuses.waiting(pod, container, reason, message));
        events.record(pod, Component.KUBELET, EventReason.FAILED, "Error: " + reason + ": " + message);
      });
    }

    @Override
    public void sidecarRestarted(SidecarRestart r) {
      whileRunning(() -> {
        write(pod, PodStatuses.sidecarRestarted(r));
        if (r.startedAt() != null) {
          events.record(pod, Component.KUBELET, EventReason.STARTED, "Started container " + r.name() + " (restart "
              + r.restartCount() + "; the previous run exited with code " + r.exitCode() + ")");
        } else {
          events.record(pod, Component.KUBELET, EventReason.BACK_OFF, "Back-off restarting failed container "
              + r.name() + ": " + r.error());
        }
      });
    }

    @Override
    public void ended(PodEnd end) {
      onLoop.accept(() -> {
        if (running.remove(uid) == null) {
          return; // deleted meanwhile: nothing to report
        }
        write(pod, PodStatuses.ended(pod, end, clock.instant()));
        if (end.exitCode() == 0) {
          return;
        }
        if (end.startedAt() == null) {
          events.record(pod, Component.KUBELET, EventReason.FAILED, "Error: " + end.message());
        } else {
          events.record(pod, Component.KUBELET, EventReason.ERROR, "Container " + main + " exited with code "
              + end.exitCode() + (end.message().isEmpty() ? "" : ": " + end.message()));
        }
      });
    }
  }
}
