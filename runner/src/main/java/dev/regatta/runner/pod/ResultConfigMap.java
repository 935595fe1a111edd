package dev.regatta.runner.pod;

import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This pod's own result ConfigMap ({@code R-result-P-I}), created by the operator. The runner only ever
 * edits this one object (name derived from its own placement and index), never creates or deletes.
 */
final class ResultConfigMap {
  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  ResultConfigMap(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** Sets these keys (a null value removes the key), keeping the others. */
  void put(Map<String, String> entries) {
    var resource = client.configMaps().inNamespace(namespace).withName(name);
    if (resource.get() == null) {
      throw new IllegalStateException("result ConfigMap " + namespace + "/" + name + " does not exist (the operator "
          + "creates it before the pod starts)");
    }
    resource.edit(cm -> {
      Map<String, String> data = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
      entries.forEach((k, v) -> {
        if (v == null) {
          data.remove(k);
        } else {
          data.put(k, v);
        }
      });
      ConfigMap copy = new io.fabric8.kubernetes.api.model.ConfigMapBuilder(cm).withData(data).build();
      return copy;
    });
  }

  String name() {
    return name;
  }

  /**
   * What a pod found in its index's ConfigMap when it reported ready there.
   *
   * @param attempt 1 for the first pod to report ready on this index, counting up with every replacement
   * @param replaced the earlier pods of this index, oldest first
   * @param publishedBy set when an earlier pod had already published this index's result (state=done): the
   *     ConfigMap was left alone and this pod has nothing to do
   */
  record TakeOver(int attempt, List<ResultDocument.Replaced> replaced, String publishedBy) {}

  /**
   * What this pod would take over: when another pod had this index before (the Job controller replaced it after a
   * failure or an eviction), that pod and whether it had reached the start, after the ones it had replaced.
   * Read only; {@link #takeOver} writes it.
   */
  TakeOver inspect(String pod) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
    if (cm == null) {
      throw new IllegalStateException("result ConfigMap " + namespace + "/" + name + " does not exist (the operator "
          + "creates it before the pod starts)");
    }
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    String previous = data.get(Protocol.POD_KEY);
    String state = data.getOrDefault(Protocol.STATE_KEY, Protocol.STATE_PENDING);
    List<ResultDocument.Replaced> replaced = parseReplaced(data.get(Protocol.REPLACED_KEY));
    if (previous != null && !previous.equals(pod)) {
      if (Protocol.STATE_DONE.equals(state)) {
        return new TakeOver(replaced.size() + 1, replaced, previous);
      }
      replaced.add(new ResultDocument.Replaced(previous, reachedStart(state, data)
          ? Protocol.REPLACED_MEASURING : Protocol.REPLACED_BEFORE_START));
    }
    return new TakeOver(replaced.size() + 1, List.copyOf(replaced), null);
  }

  /**
   * Writes entries as this pod's (pod, attempt and the pods replaced with them), dropping what a replaced pod
   * left (its message, its result) so that nothing of it is read as this pod's. The operator reads these keys;
   * a replaced pod cannot report anything itself.
   */
  void takeOver(TakeOver t, String pod, Map<String, String> entries) {
    Map<String, String> all = new HashMap<>();
    all.put(Protocol.MESSAGE_KEY, null);
    all.put(Protocol.RESULT_KEY, null);
    all.put(Protocol.RESULT_LOCATION_KEY, null);
    all.put(Protocol.POD_KEY, pod);
    all.put(Protocol.ATTEMPT_KEY, Integer.toString(t.attempt()));
    all.put(Protocol.REPLACED_KEY, t.replaced().isEmpty() ? null
        : String.join("\n", t.replaced().stream().map(r -> r.pod() + " " + r.state()).toList()));
    all.putAll(entries);
    put(all);
  }

  /**
   * Whether the pod that left this state had reached the start instant: running says so; a failed pod had when
   * its partial document knows the start instant (or when there is no document to tell, to be safe).
   */
  private static boolean reachedStart(String state, Map<String, String> data) {
    if (Protocol.STATE_RUNNING.equals(state)) {
      return true;
    }
    if (!Protocol.STATE_FAILED.equals(state)) {
      return false;
    }
    String json = data.get(Protocol.RESULT_KEY);
    if (json == null) {
      return true;
    }
    try {
      return ResultJson.read(json).startAt() != null;
    } catch (RuntimeException e) {
      return true;
    }
  }

  static List<ResultDocument.Replaced> parseReplaced(String text) {
    List<ResultDocument.Replaced> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) {
        out.add(new ResultDocument.Replaced(parts[0], parts[1]));
      }
    }
    return out;
  }
}
