package dev.regatta.runner.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
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
}
