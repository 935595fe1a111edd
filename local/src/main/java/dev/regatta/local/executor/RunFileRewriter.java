package dev.regatta.local.executor;

import java.util.Map;

/**
 * Turns the run file a pod mounts into the copy its local runner process reads. On a cluster, a pod
 * reaches its sidecar at 127.0.0.1:PORT and services by DNS name; here every pod shares one host, so each
 * pod's sidecar listens on its own free port and in-cluster names point at loopback stand-ins.
 */
@FunctionalInterface
public interface RunFileRewriter {
  /**
   * @param runYaml the run file as the operator wrote it
   * @param localhostPorts for this pod: port the pod expects on 127.0.0.1 → port it really has
   */
  String rewrite(String runYaml, Map<Integer, Integer> localhostPorts);

  RunFileRewriter NONE = (yaml, ports) -> yaml;
}
