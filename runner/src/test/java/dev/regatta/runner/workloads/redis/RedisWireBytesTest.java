package dev.regatta.runner.workloads.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.PreparedPlan;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.workload.RunContext;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The bytes a Redis connection sends, as the runner counts them, equal what redis-server read from it
 * (INFO stats total_net_input_bytes): exact for Jedis, whose RESP frames the runner sizes, and for the nio
 * client, which counts what its channel wrote.
 */
class RedisWireBytesTest {
  /** What "INFO stats" adds to the server's input count: its own command frame. */
  private static final long INFO_STATS = "*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n".length();

  private static long netInput(Jedis j) {
    for (String line : j.info("stats").split("\r\n")) {
      if (line.startsWith("total_net_input_bytes:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new AssertionError("no total_net_input_bytes in INFO stats");
  }

  private static void assertSentEqualsServerInput(RedisServerProcess redis, RedisWorkload w) throws Exception {
    ScenarioPlan plan = new ScenarioPlan("wire", Map.of(), WorkloadKind.REDIS, w, Load.closed(2), null, 300L,
        Duration.ZERO, 1);
    try (Jedis j = new Jedis("127.0.0.1", redis.port());
        PreparedPlan p = PreparedPlan.open(plan, RunContext.defaults())) {
      long before = netInput(j);
      ScenarioResult r = p.measure(0);
      long after = netInput(j);
      assertEquals(300, r.count(), r.errorsByType().toString());
      assertEquals(after - before - INFO_STATS, r.bytesSent(), "bytes the server read from the runner");
    }
  }

  @Test
  void jedisBlobReadsAndNioGetsCountExactlyWhatTheServerRead() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
        j.set("blob".getBytes(), new byte[1_000_000]);
      }
      RedisWorkload blob = new RedisWorkload();
      blob.setUrl(redis.url());
      blob.setOp(RedisWorkload.Op.BLOB_READ);
      blob.setKey("blob");
      blob.setBufferSize(new IntOrString(65536));
      assertSentEqualsServerInput(redis, blob);

      RedisWorkload get = new RedisWorkload();
      get.setUrl(redis.url());
      get.setOp(RedisWorkload.Op.GET);
      get.setKeySpace(1000);
      get.setClient(RedisWorkload.Client.NIO);
      assertSentEqualsServerInput(redis, get);
      get.setClient(RedisWorkload.Client.JEDIS);
      assertSentEqualsServerInput(redis, get);
    }
  }
}
