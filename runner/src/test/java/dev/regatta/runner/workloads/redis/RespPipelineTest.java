package dev.regatta.runner.workloads.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.Histograms;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.PreparedPlan;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.workload.RunContext;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Pipelined get/set on the event loop (RespNioConnection) against a real redis-server, checked from its side. */
class RespPipelineTest {
  static RedisServerProcess redis;
  static Jedis admin;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServerProcess.start();
    admin = new Jedis("127.0.0.1", redis.port());
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void empty() {
    admin.flushAll();
  }

  /** Prepares the plan, resets redis's stats, runs {@code beforeMeasuring} and measures once. */
  static ScenarioResult measure(RedisWorkload w, int connections, long iterations, Consumer<Jedis> beforeMeasuring)
      throws Exception {
    Scenario s = new Scenario();
    s.setName("pipelined");
    s.setRedis(w);
    s.setLoad(Load.closed(connections));
    s.setIterations(iterations);
    ScenarioPlan plan = ScenarioPlan.of(s, new ScenarioDefaults()).get(0);
    try (PreparedPlan p = PreparedPlan.open(plan, RunContext.defaults())) {
      admin.configResetStat();
      beforeMeasuring.accept(admin);
      return p.measure(0);
    }
  }

  static RedisWorkload workload(RedisWorkload.Op op, int pipeline) {
    RedisWorkload w = new RedisWorkload();
    w.setUrl("redis://127.0.0.1:" + redis.port());
    w.setOp(op);
    w.setPipeline(pipeline);
    return w;
  }

  static long calls(String command) {
    String stats = admin.info("commandstats");
    for (String line : stats.split("\r\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        String calls = line.substring(line.indexOf("calls=") + 6);
        return Long.parseLong(calls.substring(0, calls.indexOf(',')));
      }
    }
    return 0;
  }

  static long connectionsReceived() {
    for (String line : admin.info("stats").split("\r\n")) {
      if (line.startsWith("total_connections_received:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new AssertionError("no total_connections_received in INFO stats");
  }

  @Test
  void pipelinedSetsWriteEveryValueAndCountEachCommand() throws Exception {
    RedisWorkload w = workload(RedisWorkload.Op.SET, 16);
    w.setKeySpace(50);
    w.setValueSize(new IntOrString(7));
    ScenarioResult r = measure(w, 2, 100, j -> {});
    // 100 batches of 16 SETs: each SET is an operation, counted and in the histogram, and redis saw them all
    assertEquals(1600, r.count());
    assertEquals(0, r.errors(), r.errorsByType().toString());
    assertEquals(1600 * 7, r.bytes());
    assertEquals(1600, Histograms.decode(r.histogram()).getTotalCount());
    assertEquals(1600, calls("set"));
    // 1600 random picks over 50 keys leave none out (a miss has probability ~50 * (49/50)^1600 ≈ 1e-12)
    assertEquals(50, admin.dbSize());
    for (int i = 0; i < 50; i++) {
      assertEquals("xxxxxxx", admin.get(RedisTarget.KEY_PREFIX + i));
    }
  }

  @Test
  void pipelinedGetsCountEveryReplyAndItsBytes() throws Exception {
    RedisWorkload w = workload(RedisWorkload.Op.GET, 16);
    w.setKeySpace(100);
    w.setValueSize(new IntOrString(33));
    ScenarioResult r = measure(w, 3, 50, j -> {});
    assertEquals(800, r.count());
    assertEquals(0, r.errors(), r.errorsByType().toString());
    assertEquals(800 * 33, r.bytes(), "prepare wrote a 33-byte value under every key");
    assertEquals(800, Histograms.decode(r.histogram()).getTotalCount());
    assertEquals(800, calls("get"));
  }

  @Test
  void errorRepliesInsideABatchAreRedisErrorsAndTheBatchGoesOn() throws Exception {
    RedisWorkload w = workload(RedisWorkload.Op.GET, 16);
    w.setKeySpace(2);
    long[] before = new long[1];
    ScenarioResult r = measure(w, 2, 200, j -> {
      // key 0 becomes a list (GET answers WRONGTYPE), key 1 a 3-byte string
      j.del(RedisTarget.KEY_PREFIX + 0);
      j.lpush(RedisTarget.KEY_PREFIX + 0, "a");
      j.set(RedisTarget.KEY_PREFIX + 1, "abc");
      before[0] = connectionsReceived(); // the plan's connections are open by now
    });
    assertEquals(3200, r.count());
    assertTrue(r.errors() > 0 && r.errors() < r.count(), "both keys are drawn: " + r.errors());
    assertEquals(Map.of("redis_error", r.errors()), r.errorsByType());
    assertEquals((r.count() - r.errors()) * 3, r.bytes(), "every other reply is the 3-byte value");
    assertEquals(3200, Histograms.decode(r.histogram()).getTotalCount());
    // an error reply does not break the connection: redis saw exactly the commands, and no reconnect
    assertEquals(3200, calls("get"));
    assertEquals(before[0], connectionsReceived());
  }

  @Test
  void missingKeysAreNilRepliesWithNoBytes() throws Exception {
    RedisWorkload w = workload(RedisWorkload.Op.GET, 4);
    w.setKeySpace(10);
    ScenarioResult r = measure(w, 1, 25, Jedis::flushAll);
    assertEquals(100, r.count());
    assertEquals(0, r.errors());
    assertEquals(0, r.bytes());
  }
}
