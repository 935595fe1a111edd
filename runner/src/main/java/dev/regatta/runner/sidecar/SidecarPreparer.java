package dev.regatta.runner.sidecar;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Preload;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.units.Durations;
import dev.regatta.units.Sizes;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Gets the pod's sidecars ready before the runner reports ready: waits until each redis sidecar answers
 * PING on localhost, then runs its preload. This minimal version supports generated preloads only; the
 * workloads branch replaces it with S3 and HTTP sources (same signature).
 */
public final class SidecarPreparer {
  private SidecarPreparer() {}

  public static void prepareAll(BenchmarkRunSpec spec) throws Exception {
    Duration wait = Durations.parse(spec.getStartTimeout() == null ? "5m" : spec.getStartTimeout());
    for (Sidecar s : spec.getSidecars()) {
      int port = s.getPort() == null ? 6379 : s.getPort();
      try (Jedis j = awaitPing("127.0.0.1", port, wait, s.getName())) {
        Preload p = s.getPreload();
        if (p == null) {
          continue;
        }
        if (p.getGenerate() == null) {
          throw new UnsupportedOperationException("sidecar " + s.getName() + ": only generate preloads are supported in this build");
        }
        long size = Sizes.parse(p.getGenerate().getSize(), 0);
        if (size > Integer.MAX_VALUE - 16) {
          throw new IllegalArgumentException("sidecar " + s.getName() + ": preload size " + size + " is over 2 GiB");
        }
        byte[] value = new byte[(int) size];
        for (int i = 0; i < value.length; i++) {
          value[i] = (byte) ('a' + i % 26);
        }
        j.set(p.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
      }
    }
  }

  static Jedis awaitPing(String host, int port, Duration wait, String name) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    Exception last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        Jedis j = new Jedis(new HostAndPort(host, port),
            DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000).socketTimeoutMillis(60_000).build());
        j.ping();
        return j;
      } catch (JedisConnectionException e) {
        last = e;
        Thread.sleep(200); // polling a sidecar that is still starting; bounded by the deadline above
      }
    }
    throw new IllegalStateException("sidecar " + name + " did not answer PING on " + host + ":" + port + " within "
        + Durations.format(wait) + (last != null ? ": " + last.getMessage() : ""), last);
  }
}
