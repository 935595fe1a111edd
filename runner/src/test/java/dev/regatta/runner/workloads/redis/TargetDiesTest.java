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
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/**
 * A Redis target that dies (a sidecar killed with SIGKILL) turns into counted errors, never into a crashed
 * window or a clean result: on both clients, pipelined or not. The window still ends when it should.
 */
class TargetDiesTest {
  private static final Set<String> CONNECTION_ERRORS = Set.of("reset", "refused", "io");

  static ScenarioPlan plan(RedisServerProcess redis, RedisWorkload.Client client, int pipeline, String duration) {
    RedisWorkload w = new RedisWorkload();
    w.setUrl(redis.url());
    w.setOp(RedisWorkload.Op.GET);
    w.setPipeline(pipeline);
    w.setKeySpace(100);
    w.setClient(client);
    Scenario s = new Scenario();
    s.setName("get");
    s.setRedis(w);
    s.setLoad(Load.closed(4));
    s.setDuration(duration);
    s.setWarmup("0s");
    return ScenarioPlan.of(s, new ScenarioDefaults()).get(0);
  }

  @ParameterizedTest(name = "{0}, pipeline {1}")
  @CsvSource({"NIO, 1", "NIO, 16", "JEDIS, 1", "JEDIS, 16"})
  void aTargetKilledBeforeTheWindowMakesEveryOperationACountedError(RedisWorkload.Client client, int pipeline)
      throws Exception {
    RedisServerProcess redis = RedisServerProcess.start();
    try (PreparedPlan p = PreparedPlan.open(plan(redis, client, pipeline, "1s"), RunContext.defaults())) {
      // connections are open and the values written; now the server dies as a SIGKILLed sidecar does
      redis.process().destroyForcibly();
      assertTrue(redis.process().waitFor(10, TimeUnit.SECONDS), "redis-server gone");
      ScenarioResult r = p.measure(0);
      assertTrue(r.count() > 0, "the connections kept trying");
      assertEquals(r.count(), r.errors(), "no operation can succeed: " + r.errorsByType());
      assertTrue(CONNECTION_ERRORS.containsAll(r.errorsByType().keySet()), r.errorsByType().toString());
      assertEquals(r.count(), Histograms.decode(r.histogram()).getTotalCount());
      assertEquals(1.0, r.durationSeconds(), 1e-9);
    } finally {
      redis.close();
    }
  }

  /**
   * The sidecar restart a kubelet does: killed mid-window and started again on the same port, empty. The
   * operations in flight and every attempt while it is down are errors; the connections come back by
   * themselves and the window ends on time.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"NIO", "JEDIS"})
  void aTargetKilledAndRestartedMidWindowCountsTheGapAsErrorsAndRecovers(RedisWorkload.Client client)
      throws Exception {
    RedisServerProcess redis = RedisServerProcess.start();
    int port = redis.port();
    RedisServerProcess restarted = null;
    try (PreparedPlan p = PreparedPlan.open(plan(redis, client, 1, "5s"), RunContext.defaults())) {
      CompletableFuture<ScenarioResult> window = CompletableFuture.supplyAsync(() -> {
        try {
          return p.measure(0);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      await("the window to be under way", () -> gets(port) >= 1000);
      redis.process().destroyForcibly();
      assertTrue(redis.process().waitFor(10, TimeUnit.SECONDS), "redis-server gone");
      restarted = RedisServerProcess.start(port);
      await("the connections to come back", () -> gets(port) >= 100);
      ScenarioResult r = window.get(60, TimeUnit.SECONDS);
      assertTrue(r.errors() > 0, "the gap is in the errors: " + r.errorsByType());
      assertTrue(r.count() - r.errors() > 1000, "successes before and after the gap: " + r.count() + " - " + r.errors());
      assertTrue(CONNECTION_ERRORS.containsAll(r.errorsByType().keySet()), r.errorsByType().toString());
      assertEquals(5.0, r.durationSeconds(), 1e-9);
    } finally {
      redis.close();
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  /** GETs the server on this port has answered, or -1 while nothing answers there. */
  private static long gets(int port) {
    try (Jedis j = new Jedis("127.0.0.1", port)) {
      for (String line : j.info("commandstats").split("\r\n")) {
        if (line.startsWith("cmdstat_get:")) {
          String calls = line.substring(line.indexOf("calls=") + 6);
          return Long.parseLong(calls.substring(0, calls.indexOf(',')));
        }
      }
      return 0;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
