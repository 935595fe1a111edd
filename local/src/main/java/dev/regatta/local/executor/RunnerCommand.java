package dev.regatta.local.executor;

import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner container as a child JVM: {@code java -jar regatta-runner.jar pod ...} with the container's
 * environment, its cluster paths pointed at the pod's materialised volumes, and what a pod's service account
 * and the API give it in a cluster.
 */
final class RunnerCommand {
  private RunnerCommand() {}

  static List<String> command(ExecutorSettings settings, Container c) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    // a small heap and the serial collector: several runner JVMs share a laptop here
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xss512k");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-jar");
    cmd.add(settings.runnerJar().toString());
    cmd.addAll(runnerArgs(c));
    return cmd;
  }

  static Map<String, String> environment(KubernetesClient client, Pod pod, Container c, PodVolumes volumes,
      ExecutorSettings settings, Path podDir, Path termLog) throws IOException, PodEnv.ConfigError {
    Map<String, String> env = PodEnv.resolve(client, pod, c);
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount m : LocalPod.nullToEmpty(c.getVolumeMounts())) {
      Path v = volumes.dir(m.getName());
      // content volumes only: an emptyDir at /tmp must not capture host paths the environment names
      if (v != null && volumes.hasContent(m.getName())) {
        mounts.put(m.getMountPath(), m.getSubPath() == null || m.getSubPath().isEmpty() ? v : v.resolve(m.getSubPath()));
      }
    }
    // cluster paths in the environment point at this pod's materialised copies
    env.replaceAll((k, v) -> mapPath(v, mounts));
    if (!env.containsKey(Protocol.ENV_RUN_FILE) && mounts.containsKey(Protocol.RUN_FILE_DIR)) {
      env.put(Protocol.ENV_RUN_FILE, mounts.get(Protocol.RUN_FILE_DIR).resolve(Protocol.RUN_FILE_KEY).toString());
    }
    env.put("REGATTA_TERMINATION_LOG", termLog.toString());
    String ns = pod.getMetadata().getNamespace();
    env.put("KUBERNETES_MASTER", settings.apiUrl());
    env.put("KUBERNETES_NAMESPACE", ns);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_HTTP2_DISABLE", "true");
    if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      Path sa = podDir.resolve("serviceaccount");
      Files.createDirectories(sa);
      Files.writeString(sa.resolve("token"), settings.token());
      Files.writeString(sa.resolve("namespace"), ns);
      env.put("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", sa.resolve("token").toString());
    }
    return env;
  }

  /** The runner's arguments: from the mode word (pod) on; the image's java -jar prefix is ours here. */
  static List<String> runnerArgs(Container c) {
    List<String> all = new ArrayList<>(LocalPod.nullToEmpty(c.getCommand()));
    all.addAll(LocalPod.nullToEmpty(c.getArgs()));
    int i = all.indexOf("pod");
    return i >= 0 ? all.subList(i, all.size()) : List.of("pod");
  }

  /** A path under a mount, in the pod, as the path of the materialised copy; any other value as it is. */
  static String mapPath(String value, Map<String, Path> mounts) {
    if (value == null) {
      return null;
    }
    for (Map.Entry<String, Path> m : mounts.entrySet()) {
      String mp = m.getKey().endsWith("/") ? m.getKey().substring(0, m.getKey().length() - 1) : m.getKey();
      if (value.equals(mp)) {
        return m.getValue().toString();
      }
      if (value.startsWith(mp + "/")) {
        return m.getValue().resolve(value.substring(mp.length() + 1)).toString();
      }
    }
    return value;
  }
}
