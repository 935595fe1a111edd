package dev.regatta.kubesim.scheduler;

import dev.regatta.kubesim.Component;
import dev.regatta.kubesim.events.EventReason;
import dev.regatta.kubesim.events.EventRecorder;
import dev.regatta.kubesim.kubelet.PodStatuses;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default scheduler, for the simulated nodes: a pod without a node goes to the least busy node its node
 * selector, required node affinity and tolerations allow (PodScheduled=True, a Scheduled Event); a pod that fits
 * no node stays Pending with PodScheduled=False, reason Unschedulable and the scheduler's message, and a
 * FailedScheduling Event. Each pod is tried once: the nodes never change.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final String DEFAULT_SCHEDULER = "default-scheduler";

  /** Where a pod goes: a node, or why none fits. */
  public record Decision(Node node, String unschedulable) {
    public boolean scheduled() {
      return node != null;
    }
  }

  private final KubernetesClient client;
  private final List<Node> nodes;
  private final EventRecorder events;
  private final Clock clock;
  /** Pods tried (by uid), and the node of each pod bound and not yet ended. */
  private final Set<String> tried = new HashSet<>();
  private final Map<String, String> boundTo = new HashMap<>();

  public Scheduler(KubernetesClient client, List<Node> nodes, EventRecorder events, Clock clock) {
    this.client = client;
    this.nodes = List.copyOf(nodes);
    this.events = events;
    this.clock = clock;
  }

  /** Filters the nodes for the pod, then takes the least busy (the first of those, in node order). */
  public Decision decide(PodSpec spec) {
    List<Node> fit = new ArrayList<>();
    int selectorMisses = 0;
    int taintMisses = 0;
    for (Node n : nodes) {
      if (!NodeMatcher.selectorMatches(spec, n)) {
        selectorMisses++;
      } else if (!NodeMatcher.tolerates(spec, n)) {
        taintMisses++;
      } else {
        fit.add(n);
      }
    }
    if (fit.isEmpty()) {
      List<String> why = new ArrayList<>();
      if (selectorMisses > 0) {
        why.add(selectorMisses + " node(s) didn't match Pod's node affinity/selector");
      }
      if (taintMisses > 0) {
        why.add(taintMisses + " node(s) had untolerated taint");
      }
      int n = nodes.size();
      return new Decision(null, "0/" + n + " nodes are available: " + String.join(", ", why) + ". preemption: 0/" + n
          + " nodes are available: " + n + " Preemption is not helpful for scheduling.");
    }
    Map<String, Integer> busy = new HashMap<>();
    boundTo.values().forEach(node -> busy.merge(node, 1, Integer::sum));
    Node least = fit.get(0);
    for (Node n : fit) {
      if (busy.getOrDefault(n.getMetadata().getName(), 0) < busy.getOrDefault(least.getMetadata().getName(), 0)) {
        least = n;
      }
    }
    return new Decision(least, null);
  }

  /** A pod was added or changed: schedules it if it waits for a node; forgets its node once it has ended. */
  public void podChanged(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (pod.getSpec().getNodeName() != null) {
      if (PodStatuses.isTerminal(pod)) {
        boundTo.remove(uid);
      }
      return;
    }
    String scheduler = pod.getSpec().getSchedulerName();
    if (pod.getMetadata().getDeletionTimestamp() != null || PodStatuses.isTerminal(pod)
        || (scheduler != null && !DEFAULT_SCHEDULER.equals(scheduler)) || !tried.add(uid)) {
      return;
    }
    schedule(pod);
  }

  public void podDeleted(Pod pod) {
    tried.remove(pod.getMetadata().getUid());
    boundTo.remove(pod.getMetadata().getUid());
  }

  private void schedule(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Decision d = decide(pod.getSpec());
    if (!d.scheduled()) {
      PodStatuses.edit(client, pod, PodStatuses.unschedulable(d.unschedulable(), clock.instant()));
      events.record(pod, Component.SCHEDULER, EventReason.FAILED_SCHEDULING, d.unschedulable());
      return;
    }
    String nodeName = d.node().getMetadata().getName();
    try {
      // a cluster's scheduler posts a Binding; the API it talks to here may not serve that subresource
      client.pods().inNamespace(ns).withName(name).edit(p -> {
        p.getSpec().setNodeName(nodeName);
        return p;
      });
    } catch (RuntimeException e) {
      LOG.debug("binding {} to {}: {}", name, nodeName, e.toString());
      return;
    }
    boundTo.put(pod.getMetadata().getUid(), nodeName);
    PodStatuses.edit(client, pod, PodStatuses.scheduled(clock.instant()));
    events.record(pod, Component.SCHEDULER, EventReason.SCHEDULED,
        "Successfully assigned " + ns + "/" + name + " to " + nodeName);
  }

  public List<Node> nodes() {
    return nodes;
  }
}
