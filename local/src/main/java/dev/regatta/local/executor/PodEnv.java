package dev.regatta.local.executor;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as the kubelet computes it: literal values, the downward API, and keys of
 * Secrets and ConfigMaps read from the API. A missing required key fails the pod, as
 * CreateContainerConfigError does on a cluster.
 */
final class PodEnv {
  private PodEnv() {}

  static final class ConfigError extends Exception {
    ConfigError(String message) {
      super(message);
    }
  }

  static Map<String, String> resolve(KubernetesClient client, Pod pod, Container c) throws ConfigError {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    if (c.getEnvFrom() != null) {
      for (EnvFromSource from : c.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          ConfigMap cm = client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
          if (cm == null) {
            if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
              throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
            }
          } else if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> env.put(prefix + k, v));
          }
        }
        if (from.getSecretRef() != null) {
          Secret s = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
          if (s == null) {
            if (!Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
              throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
            }
          } else {
            secretData(s).forEach((k, v) -> env.put(prefix + k, v));
          }
        }
      }
    }
    if (c.getEnv() != null) {
      for (EnvVar e : c.getEnv()) {
        if (e.getValueFrom() == null) {
          env.put(e.getName(), expand(e.getValue() == null ? "" : e.getValue(), env));
          continue;
        }
        String v = valueFrom(client, pod, e.getValueFrom());
        if (v != null) {
          env.put(e.getName(), v);
        }
      }
    }
    return env;
  }

  /** Secret values, decoded. (The embedded API folds stringData into data on write, as a real one does.) */
  static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static String valueFrom(KubernetesClient client, Pod pod, EnvVarSource src) throws ConfigError {
    String ns = pod.getMetadata().getNamespace();
    if (src.getFieldRef() != null) {
      return field(pod, src.getFieldRef().getFieldPath());
    }
    if (src.getSecretKeyRef() != null) {
      var ref = src.getSecretKeyRef();
      Secret s = client.secrets().inNamespace(ns).withName(ref.getName()).get();
      String v = s == null ? null : secretData(s).get(ref.getKey());
      if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new ConfigError(s == null ? "secret \"" + ref.getName() + "\" not found"
            : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return v;
    }
    if (src.getConfigMapKeyRef() != null) {
      var ref = src.getConfigMapKeyRef();
      ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
      String v = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new ConfigError(cm == null ? "configmap \"" + ref.getName() + "\" not found"
            : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return v;
    }
    // resourceFieldRef: limits are not enforced locally, so there is nothing true to report
    return null;
  }

  static String field(Pod pod, String path) {
    var m = pod.getMetadata();
    switch (path) {
      case "metadata.name": return m.getName();
      case "metadata.namespace": return m.getNamespace();
      case "metadata.uid": return m.getUid();
      case "spec.nodeName": return pod.getSpec().getNodeName();
      case "spec.serviceAccountName": return pod.getSpec().getServiceAccountName();
      case "status.podIP":
      case "status.hostIP":
        return "127.0.0.1";
      default:
        break;
    }
    if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
      String key = path.substring("metadata.labels['".length(), path.length() - 2);
      return m.getLabels() == null ? "" : m.getLabels().getOrDefault(key, "");
    }
    if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
      String key = path.substring("metadata.annotations['".length(), path.length() - 2);
      return m.getAnnotations() == null ? "" : m.getAnnotations().getOrDefault(key, "");
    }
    return "";
  }

  /** $(VAR) references to variables defined earlier, as the kubelet expands them. */
  private static String expand(String value, Map<String, String> env) {
    if (!value.contains("$(")) {
      return value;
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      int start = value.indexOf("$(", i);
      if (start < 0) {
        sb.append(value, i, value.length());
        break;
      }
      int end = value.indexOf(')', start);
      if (end < 0) {
        sb.append(value, i, value.length());
        break;
      }
      sb.append(value, i, start);
      String name = value.substring(start + 2, end);
      sb.append(env.containsKey(name) ? env.get(name) : value.substring(start, end + 1));
      i = end + 1;
    }
    return sb.toString();
  }
}
