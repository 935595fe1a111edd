package dev.regatta.runner.workloads.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.api.v1alpha1.SecretKeyPair;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.StreamWorkload.Broker;
import dev.regatta.api.v1alpha1.StreamWorkload.Mode;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.PreparedPlan;
import dev.regatta.runner.standin.KafkaStandin;
import dev.regatta.runner.standin.LoopbackPorts;
import dev.regatta.runner.standin.S3Standin;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.TargetUnreachableException;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The stream pipeline through the engine, over real Redis pub/sub and a real Kafka broker. */
class StreamBenchmarkTest {
  static RedisServerProcess redis;
  static KafkaStandin kafka;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServerProcess.start();
    kafka = KafkaStandin.start();
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
    redis.close();
  }

  static StreamWorkload spec(Broker broker, Mode mode, int dataSize, int tasks) {
    StreamWorkload w = new StreamWorkload();
    w.setBroker(broker);
    w.setMode(mode);
    w.setRedisUrl(redis.url());
    w.setKafkaBootstrapServers(kafka.bootstrapServers());
    w.setDataSize(new IntOrString(dataSize));
    w.setTasks(tasks);
    w.setWorkers(3);
    return w;
  }

  /** One measured window through the engine, with a short warm-up. */
  static ScenarioResult measure(StreamWorkload w) throws Exception {
    ScenarioPlan plan = new ScenarioPlan("stream", Map.of(), WorkloadKind.STREAM, w, Load.closed(1),
        Duration.ofSeconds(10), null, Duration.ofMillis(300), 1);
    StreamBenchmark b = new StreamBenchmark(w, RunContext.defaults());
    try (PreparedPlan p = PreparedPlan.open(plan, b)) {
      return p.measure(0);
    }
  }

  static void assertAllTasksDone(ScenarioResult r, int tasks, int dataSize) {
    assertEquals(Map.of(), r.errorsByType());
    assertEquals(tasks, r.count());
    assertEquals((long) tasks * dataSize, r.bytes());
    // The window is the pipeline's own: throughput is tasks over the time they took, not over "duration".
    assertTrue(r.durationSeconds() > 0 && r.durationSeconds() < 10, "window " + r.durationSeconds());
    assertEquals(tasks / r.durationSeconds(), r.throughputPerSecond(), r.throughputPerSecond() * 0.01);
  }

  @Test
  void redisDefaultModeCarriesPayloadsThroughPubSub() throws Exception {
    ScenarioResult r = measure(spec(Broker.REDIS, Mode.DEFAULT, 10_000, 500));
    assertAllTasksDone(r, 500, 10_000);
  }

  @Test
  void redisProxyModeLeavesNoPayloadBehind() throws Exception {
    ScenarioResult r = measure(spec(Broker.REDIS, Mode.PROXY, 100_000, 300));
    assertAllTasksDone(r, 300, 100_000);
    try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
      assertTrue(j.keys("regatta:stream:*").isEmpty(), "payload keys left in Redis");
    }
  }

  @Test
  void taskSleepShowsInLatencyAndThroughput() throws Exception {
    StreamWorkload w = spec(Broker.REDIS, Mode.DEFAULT, 100, 60);
    w.setTaskSleep("20ms");
    ScenarioResult r = measure(w);
    assertAllTasksDone(r, 60, 100);
    assertTrue(r.latencyMicros().getMin() >= 20_000, "min " + r.latencyMicros().getMin());
    // 60 tasks x 20 ms over 3 workers cannot take less than 400 ms.
    assertTrue(r.durationSeconds() >= 0.4, "window " + r.durationSeconds());
  }

  @Test
  void kafkaDefaultMode() throws Exception {
    ScenarioResult r = measure(spec(Broker.KAFKA, Mode.DEFAULT, 4096, 400));
    assertAllTasksDone(r, 400, 4096);
  }

  @Test
  void kafkaCarriesPayloadsAboveItsOneMegabyteDefault() throws Exception {
    // the original stream benchmark sends 10 MB through the broker in default mode: the topic must take them
    ScenarioResult r = measure(spec(Broker.KAFKA, Mode.DEFAULT, 3_000_000, 6));
    assertAllTasksDone(r, 6, 3_000_000);
  }

  @Test
  void kafkaProxyModeThroughRedis() throws Exception {
    ScenarioResult r = measure(spec(Broker.KAFKA, Mode.PROXY, 65536, 200));
    assertAllTasksDone(r, 200, 65536);
  }

  @Test
  void redisProxyModeThroughS3() throws Exception {
    try (S3Standin s3 = S3Standin.inMemory()) {
      s3.createBucket("payloads");
      StreamWorkload w = spec(Broker.REDIS, Mode.PROXY, 32768, 40);
      w.setPayloadStore(StreamWorkload.PayloadStore.S3);
      S3Bucket b = new S3Bucket();
      b.setEndpoint(s3.endpoint());
      b.setBucket("payloads");
      SecretKeyPair secret = new SecretKeyPair();
      secret.setName("s3-standin");
      b.setCredentialsSecret(secret);
      w.setS3(b);
      ScenarioResult r = measure(w);
      assertAllTasksDone(r, 40, 32768);
      assertEquals(0, s3.blobStore().countBlobs("payloads"));
    }
  }

  @Test
  void payloadAboveRedisPubSubLimitFailsTheTasksWithoutHanging() throws Exception {
    // Redis disconnects a subscriber whose output buffer passes 32 MB: the tasks are errors, not a hang.
    StreamWorkload w = spec(Broker.REDIS, Mode.DEFAULT, 40 * 1024 * 1024, 3);
    w.setWorkers(1);
    ScenarioResult r = measure(w);
    assertEquals(3, r.count());
    assertEquals(Map.of("broker_failed", 3L), r.errorsByType());
    assertTrue(r.durationSeconds() < 10, "window " + r.durationSeconds());
  }

  @Test
  void unreachableRedisIsNamed() {
    StreamWorkload w = spec(Broker.REDIS, Mode.DEFAULT, 10, 1);
    w.setRedisUrl("redis://127.0.0.1:" + LoopbackPorts.free());
    StreamBenchmark b = new StreamBenchmark(w, RunContext.defaults());
    TargetUnreachableException e = assertThrows(TargetUnreachableException.class, b::prepare);
    assertTrue(e.getMessage().contains(w.getRedisUrl()), e.getMessage());
  }
}
