package dev.regatta.runner.workload;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a workload gets besides its spec: the connect/request timeout (CLI --timeout, or the default) and,
 * for the CLI, a CA bundle file given directly instead of through a Secret.
 */
public record RunContext(Duration timeout, Path caFile) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public static RunContext defaults() {
    return new RunContext(DEFAULT_TIMEOUT, null);
  }

  public int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }
}
