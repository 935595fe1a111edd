package dev.regatta.local.executor;

import dev.regatta.kubesim.kubelet.PodEvents;
import dev.regatta.kubesim.kubelet.PodRuntime;
import dev.regatta.local.logs.PodLogs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Local mode's container runtime: each pod as real processes on this machine ({@link LocalPod}). */
final class ProcessRuntime implements PodRuntime {
  private final KubernetesClient client;
  private final ExecutorSettings settings;
  private final PodLogs logs;
  private final LivePorts livePorts;

  ProcessRuntime(KubernetesClient client, ExecutorSettings settings, PodLogs logs, LivePorts livePorts) {
    this.client = client;
    this.settings = settings;
    this.logs = logs;
    this.livePorts = livePorts;
  }

  @Override
  public RunningPod start(Pod pod, PodEvents events) {
    LocalPod p = new LocalPod(pod, client, settings, logs, events, livePorts);
    p.start();
    return p;
  }

  /** A deleted pod's logs are no longer served (its files stay in the work directory). */
  @Override
  public void removed(Pod pod) {
    logs.forget(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    livePorts.remove(pod);
  }
}
