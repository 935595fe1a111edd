package dev.regatta.runner.workload;

import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.io.IOException;
import java.nio.file.Files;
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

  /**
   * The CA bundle (PEM) to trust instead of the JDK's: the CLI's --cacert file, else the run's {@code caSecret}
   * (handed over as an environment variable), else null.
   */
  public String caPem(SecretKeySelector caSecret) {
    try {
      if (caFile != null) {
        return Files.readString(caFile);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
    }
    return caSecret == null ? null : SecretEnv.get(caSecret.getName(), caSecret.getKey());
  }

  public int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }
}
