package dev.regatta.local.executor;

import dev.regatta.kubesim.nodes.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the local executor runs pods.
 *
 * @param runnerJar the runner jar every runner container runs as a child JVM
 * @param workDir per-pod directories (materialised volumes, logs, termination logs) go under here
 * @param apiUrl the embedded API, handed to runners as KUBERNETES_MASTER
 * @param token the service-account token written into each pod
 * @param zones one or more fake nodes per zone
 * @param nodesPerZone nodes in each zone
 * @param redisServer the redis-server binary sidecars run
 * @param runFiles rewrites each pod's copy of the run file so cluster addresses reach local processes
 * @param killGrace how long a stopped process has between SIGTERM and SIGKILL
 * @param logMaxBytes the cap of each of a container's two log files (current and rotated)
 */
public record ExecutorSettings(Path runnerJar, Path workDir, String apiUrl, String token, List<Zone> zones,
    int nodesPerZone, String redisServer, RunFileRewriter runFiles, Duration killGrace, long logMaxBytes) {
  /** The kubelet's default container log cap is 10 MiB; here two files of 5 MiB. */
  public static final long DEFAULT_LOG_MAX_BYTES = 5L * 1024 * 1024;

  public ExecutorSettings(Path runnerJar, Path workDir, String apiUrl, String token, List<Zone> zones, int nodesPerZone,
      String redisServer, RunFileRewriter runFiles, Duration killGrace) {
    this(runnerJar, workDir, apiUrl, token, zones, nodesPerZone, redisServer, runFiles, killGrace, DEFAULT_LOG_MAX_BYTES);
  }

  public ExecutorSettings {
    zones = List.copyOf(zones);
    if (nodesPerZone < 1) {
      throw new IllegalArgumentException("nodesPerZone must be at least 1");
    }
  }
}
