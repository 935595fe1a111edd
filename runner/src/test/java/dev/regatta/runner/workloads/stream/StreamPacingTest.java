package dev.regatta.runner.workloads.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.PreparedPlan;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.workload.RunContext;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The original stream benchmark's generator: one task every taskSleep / (workers - 1); rows carry the makespan. */
class StreamPacingTest {
  static RedisServerProcess redis;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
  }

  static ScenarioResult measure(StreamWorkload.Pacing pacing, StreamWorkload.Mode mode) throws Exception {
    StreamWorkload w = new StreamWorkload();
    w.setRedisUrl(redis.url());
    w.setMode(mode);
    w.setDataSize(new IntOrString(100_000));
    w.setTasks(7);
    w.setWorkers(4);
    w.setTaskSleep("90ms");
    w.setPacing(pacing);
    ScenarioPlan plan = new ScenarioPlan("stream", Map.of(), WorkloadKind.STREAM, w, Load.closed(1),
        Duration.ofSeconds(10), null, Duration.ZERO, 1);
    try (PreparedPlan p = PreparedPlan.open(plan, new StreamBenchmark(w, RunContext.defaults()))) {
      return p.measure(0);
    }
  }

  @Test
  void intervalPacingSpacesTasksByTaskSleepOverWorkersMinusOne() throws Exception {
    ScenarioResult r = measure(StreamWorkload.Pacing.INTERVAL, StreamWorkload.Mode.DEFAULT);
    assertEquals(Map.of(), r.errorsByType());
    assertEquals(7, r.count());
    assertNotNull(r.makespanSeconds(), "a stream row has its makespan");
    // 4 workers, 90 ms each: one task every 30 ms; the last leaves 6 x 30 ms after the first and takes 90 ms.
    // A lower bound only: a loaded machine may be slower, never faster.
    assertTrue(r.makespanSeconds() >= 0.27, "makespan " + r.makespanSeconds());
    assertEquals(r.makespanSeconds(), r.durationSeconds(), 1e-6, "tasks/s is tasks over the makespan");
    assertEquals(7 / r.makespanSeconds(), r.throughputPerSecond(), r.throughputPerSecond() * 0.001);
    // every task's latency holds its 90 ms of work
    assertTrue(r.latencyMicros().getMin() >= 90_000, "min " + r.latencyMicros().getMin());
    // the generator published 7 messages of 100 kB (and a header each); the workers received them
    assertTrue(r.bytesSent() >= 700_000 && r.bytesReceived() >= 700_000, r.bytesSent() + " / " + r.bytesReceived());
  }

  @Test
  void proxyModeCountsThePayloadThroughTheStoreToo() throws Exception {
    ScenarioResult r = measure(StreamWorkload.Pacing.WINDOW, StreamWorkload.Mode.PROXY);
    assertEquals(7, r.count());
    assertNotNull(r.makespanSeconds());
    // 7 tasks on 4 workers of 90 ms: at least two rounds
    assertTrue(r.makespanSeconds() >= 0.18, "makespan " + r.makespanSeconds());
    assertTrue(r.bytesSent() >= 700_000, "payloads PUT into the store: " + r.bytesSent());
    assertTrue(r.bytesReceived() >= 700_000, "payloads taken from the store: " + r.bytesReceived());
  }
}
