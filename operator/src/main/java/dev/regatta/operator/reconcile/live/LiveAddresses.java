package dev.regatta.operator.reconcile.live;

import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.util.function.Function;

/**
 * Where a runner pod's live endpoint is: on a cluster, the pod's IP and its runner container's port named
 * {@value Protocol#LIVE_PORT_NAME}. Local mode, where every pod is 127.0.0.1, supplies its own (each runner process
 * has its own port).
 */
public final class LiveAddresses {
  private LiveAddresses() {}

  /** The cluster's way: null for a pod without an IP yet. */
  public static final Function<Pod, URI> POD_IP = pod -> {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return URI.create("http://" + host + ":" + port(pod) + "/");
  };

  static int port(Pod pod) {
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
      for (Container c : pod.getSpec().getContainers()) {
        if (c.getPorts() == null) {
          continue;
        }
        for (ContainerPort p : c.getPorts()) {
          if (Protocol.LIVE_PORT_NAME.equals(p.getName()) && p.getContainerPort() != null) {
            return p.getContainerPort();
          }
        }
      }
    }
    return Protocol.LIVE_PORT;
  }
}
