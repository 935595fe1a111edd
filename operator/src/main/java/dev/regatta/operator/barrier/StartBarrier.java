package dev.regatta.operator.barrier;

import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The synchronised start. The start instant is published exactly once: it is read back from the start
 * ConfigMap (not the cache) and written with optimistic locking, so a restarted or racing operator never
 * moves an instant runners may already be sleeping towards.
 */
public final class StartBarrier {
  /** RFC 3339 with milliseconds, UTC, as docs/PROTOCOL.md says. */
  public static final DateTimeFormatter RFC3339_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** States in which a runner has passed the barrier's precondition (it was ready at some point). */
  static final Set<String> READY_STATES = Set.of(Protocol.STATE_READY, Protocol.STATE_RUNNING, Protocol.STATE_DONE);

  private StartBarrier() {}

  public static boolean isReady(ConfigMap resultMap) {
    return resultMap != null && resultMap.getData() != null
        && READY_STATES.contains(resultMap.getData().get(Protocol.STATE_KEY));
  }

  public static long readyCount(List<RunObjects.Slot> slots, Map<String, ConfigMap> maps) {
    return slots.stream().filter(s -> isReady(maps.get(s.resultMap()))).count();
  }

  /** The latest readyAt any runner reported, if all reported one: when the barrier really opened. */
  public static Optional<Instant> lastReadyAt(List<RunObjects.Slot> slots, Map<String, ConfigMap> maps) {
    Instant last = null;
    for (RunObjects.Slot s : slots) {
      ConfigMap cm = maps.get(s.resultMap());
      String at = cm == null || cm.getData() == null ? null : cm.getData().get(Protocol.READY_AT_KEY);
      if (at == null) {
        return Optional.empty();
      }
      try {
        Instant t = Instant.parse(at);
        last = last == null || t.isAfter(last) ? t : last;
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(last);
  }

  /** Publishes now + delay unless an instant is already there; returns the instant in force. */
  public static String publish(KubernetesClient client, String namespace, String run, Duration delay, Instant now) {
    String name = Protocol.startConfigMapName(run);
    for (int attempt = 0; attempt < 5; attempt++) {
      ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
      if (cm == null) {
        throw new IllegalStateException("start ConfigMap " + namespace + "/" + name + " is missing");
      }
      if (cm.getData() != null && cm.getData().get(Protocol.START_AT_KEY) != null) {
        return cm.getData().get(Protocol.START_AT_KEY);
      }
      String startAt = RFC3339_MILLIS.format(now.plus(delay));
      Map<String, String> data = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
      data.put(Protocol.START_AT_KEY, startAt);
      cm.setData(data);
      try {
        // update() sends the resourceVersion we read: a concurrent writer makes this fail with 409.
        client.configMaps().inNamespace(namespace).resource(cm).update();
        return startAt;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("could not publish the start instant: the start ConfigMap keeps changing");
  }
}
