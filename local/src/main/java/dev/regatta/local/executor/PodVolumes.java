package dev.regatta.local.executor;

import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's volumes as directories under its own: ConfigMap, Secret and projected volumes written as files (read
 * from the API, as the kubelet does), emptyDirs empty. A missing required ConfigMap or Secret fails the pod, as
 * CreateContainerConfigError does on a cluster.
 */
final class PodVolumes {
  /** volume name → its directory */
  private final Map<String, Path> dirs;
  /** the volumes that hold content (ConfigMap, Secret, projected), as opposed to emptyDirs */
  private final Set<String> content;

  private PodVolumes(Map<String, Path> dirs, Set<String> content) {
    this.dirs = dirs;
    this.content = content;
  }

  Path dir(String volume) {
    return dirs.get(volume);
  }

  boolean hasContent(String volume) {
    return content.contains(volume);
  }

  static PodVolumes materialise(KubernetesClient client, Pod pod, Path podDir, String token)
      throws IOException, PodEnv.ConfigError {
    Map<String, Path> out = new LinkedHashMap<>();
    Set<String> content = new HashSet<>();
    String ns = pod.getMetadata().getNamespace();
    for (Volume v : LocalPod.nullToEmpty(pod.getSpec().getVolumes())) {
      Path vd = podDir.resolve("volumes").resolve(v.getName());
      Files.createDirectories(vd);
      out.put(v.getName(), vd);
      if (v.getConfigMap() != null || v.getSecret() != null || v.getProjected() != null) {
        content.add(v.getName());
      }
      if (v.getConfigMap() != null) {
        writeConfigMap(client, vd, ns, v.getConfigMap().getName(), v.getConfigMap().getItems(),
            v.getConfigMap().getOptional());
      } else if (v.getSecret() != null) {
        writeSecret(client, vd, ns, v.getSecret().getSecretName(), v.getSecret().getItems(), v.getSecret().getOptional());
      } else if (v.getProjected() != null) {
        for (VolumeProjection src : LocalPod.nullToEmpty(v.getProjected().getSources())) {
          if (src.getServiceAccountToken() != null) {
            write(vd.resolve(src.getServiceAccountToken().getPath()), token);
          } else if (src.getConfigMap() != null) {
            writeConfigMap(client, vd, ns, src.getConfigMap().getName(), src.getConfigMap().getItems(),
                src.getConfigMap().getOptional());
          } else if (src.getSecret() != null) {
            writeSecret(client, vd, ns, src.getSecret().getName(), src.getSecret().getItems(),
                src.getSecret().getOptional());
          }
        }
      }
    }
    return new PodVolumes(out, content);
  }

  /** Rewrites each copy of the run file so that its addresses reach this pod's local processes. */
  void rewriteRunFiles(RunFileRewriter rewriter, Map<Integer, Integer> localhostPorts) throws IOException {
    for (Path vd : dirs.values()) {
      Path f = vd.resolve(Protocol.RUN_FILE_KEY);
      if (Files.isRegularFile(f)) {
        Files.writeString(f, rewriter.rewrite(Files.readString(f), localhostPorts));
      }
    }
  }

  private static void writeConfigMap(KubernetesClient client, Path vd, String ns, String name, List<KeyToPath> items,
      Boolean optional) throws IOException, PodEnv.ConfigError {
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
    if (cm == null) {
      if (Boolean.TRUE.equals(optional)) {
        return;
      }
      throw new PodEnv.ConfigError("configmap \"" + name + "\" not found");
    }
    writeItems(vd, cm.getData() == null ? Map.of() : cm.getData(), items);
  }

  private static void writeSecret(KubernetesClient client, Path vd, String ns, String name, List<KeyToPath> items,
      Boolean optional) throws IOException, PodEnv.ConfigError {
    Secret s = client.secrets().inNamespace(ns).withName(name).get();
    if (s == null) {
      if (Boolean.TRUE.equals(optional)) {
        return;
      }
      throw new PodEnv.ConfigError("secret \"" + name + "\" not found");
    }
    writeItems(vd, PodEnv.secretData(s), items);
  }

  private static void writeItems(Path vd, Map<String, String> data, List<KeyToPath> items) throws IOException {
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> e : data.entrySet()) {
        write(vd.resolve(e.getKey()), e.getValue());
      }
    } else {
      for (KeyToPath k : items) {
        if (data.containsKey(k.getKey())) {
          write(vd.resolve(k.getPath()), data.get(k.getKey()));
        }
      }
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
