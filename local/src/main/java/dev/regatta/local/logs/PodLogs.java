package dev.regatta.local.logs;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every container's log, by namespace, pod and container: the current instance's, and the previous one's
 * when the container was restarted (what {@code kubectl logs --previous} reads). The kubelet's log
 * directory, for the embedded API's {@code pods/log}.
 */
public final class PodLogs {
  private record Instances(ContainerLog current, ContainerLog previous) {}

  private final long maxFileBytes;
  private final Map<String, Instances> logs = new ConcurrentHashMap<>();

  /** @param maxFileBytes the cap of each of a container's two log files */
  public PodLogs(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /** A new log for a container that starts (again): a running one's log becomes the previous instance's. */
  public ContainerLog start(String namespace, String pod, String container, Path dir) {
    String key = key(namespace, pod, container);
    ContainerLog[] created = new ContainerLog[1];
    logs.compute(key, (k, old) -> {
      ContainerLog previous = null;
      if (old != null) {
        old.current().retire();
        previous = old.current();
      }
      created[0] = new ContainerLog(dir, container, maxFileBytes);
      return new Instances(created[0], previous);
    });
    return created[0];
  }

  public Optional<ContainerLog> find(String namespace, String pod, String container, boolean previous) {
    Instances i = logs.get(key(namespace, pod, container));
    return i == null ? Optional.empty() : Optional.ofNullable(previous ? i.previous() : i.current());
  }

  /** The pod is gone from the API: its logs are no longer served (its files stay in the work directory). */
  public void forget(String namespace, String pod) {
    String prefix = namespace + "/" + pod + "/";
    logs.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private static String key(String namespace, String pod, String container) {
    return namespace + "/" + pod + "/" + container;
  }
}
