package dev.regatta.runner.pod;

import dev.regatta.protocol.Protocol;
import java.nio.file.Path;
import java.util.Map;

/** Who this runner is, from the environment the operator sets (docs/PROTOCOL.md, "Runner identity"). */
public record PodIdentity(String run, String namespace, String pod, String node, String placement, String region,
    String zone, int index, Path runFile) {

  /** Reads the identity; a missing variable is a configuration error naming it. */
  public static PodIdentity fromEnv(Map<String, String> env) {
    String indexText = required(env, Protocol.ENV_INDEX);
    int index;
    try {
      index = Integer.parseInt(indexText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(Protocol.ENV_INDEX + "='" + indexText + "' is not a number");
    }
    String runFile = env.getOrDefault(Protocol.ENV_RUN_FILE, Protocol.RUN_FILE_PATH);
    return new PodIdentity(required(env, Protocol.ENV_RUN), required(env, Protocol.ENV_NAMESPACE),
        env.getOrDefault(Protocol.ENV_POD_NAME, ""), emptyToNull(env.get(Protocol.ENV_NODE_NAME)),
        required(env, Protocol.ENV_PLACEMENT), emptyToNull(env.get(Protocol.ENV_REGION)),
        emptyToNull(env.get(Protocol.ENV_ZONE)), index, Path.of(runFile));
  }

  private static String required(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("environment variable " + name + " is not set (pod mode runs under the "
          + "Regatta operator, which sets it; see docs/PROTOCOL.md)");
    }
    return v;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  public String resultConfigMap() {
    return Protocol.resultConfigMapName(run, placement, index);
  }

  public String startConfigMap() {
    return Protocol.startConfigMapName(run);
  }
}
