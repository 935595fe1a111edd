package dev.regatta.local.executor;

import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which loopback port each local runner's live endpoint listens on. On a cluster the operator reaches a runner at
 * its pod IP and the fixed live port; here every pod is 127.0.0.1, so each runner process gets its own free port
 * and the operator (in the same JVM) asks this map instead. Entries go when their pod's processes end.
 */
public final class LivePorts {
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();

  void put(Pod pod, int port) {
    ports.put(key(pod), port);
  }

  void remove(Pod pod) {
    ports.remove(key(pod));
  }

  /** The pod's live endpoint, or null when its runner has none (not started, or ended). */
  public URI endpoint(Pod pod) {
    Integer port = ports.get(key(pod));
    return port == null ? null : URI.create("http://127.0.0.1:" + port + "/");
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
