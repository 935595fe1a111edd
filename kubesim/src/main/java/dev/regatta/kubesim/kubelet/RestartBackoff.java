package dev.regatta.kubesim.kubelet;

import java.time.Duration;

/** The kubelet's wait before restarting a container: the first restart at once, then 10 s doubling to 5 minutes. */
public final class RestartBackoff {
  private RestartBackoff() {}

  /** The wait before the n-th restart (n from 1). */
  public static Duration before(int restart) {
    if (restart <= 1) {
      return Duration.ZERO;
    }
    long seconds = 10L << Math.min(restart - 2, 5);
    return Duration.ofSeconds(Math.min(seconds, 300));
  }
}
