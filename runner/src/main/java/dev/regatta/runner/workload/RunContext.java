package dev.regatta.runner.workload;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a workload gets besides its spec: the connect/request timeout (CLI --timeout, or the default) and,
 * for the CLI, files given directly instead of through a Secret or ConfigMap: a CA bundle, a gRPC
 * descriptor set.
 */
public record RunContext(Duration timeout, Path caFile, Path descriptorSetFile) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public RunContext(Duration timeout, Path caFile) {
    this(timeout, caFile, null);
  }

  public static RunContext defaults() {
    return new RunContext(DEFAULT_TIMEOUT, null);
  }

  public int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }
}
