package dev.regatta.runner.workloads.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.KafkaWorkload.Op;
import dev.regatta.runner.standin.KafkaStandin;
import dev.regatta.runner.standin.LoopbackPorts;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.runner.workloads.Drive;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kafka workload against a real KRaft broker on loopback, one broker for the whole class. */
class KafkaBenchmarkTest {
  static KafkaStandin kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaStandin.start();
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  static KafkaWorkload spec(Op op, String topic) {
    KafkaWorkload w = new KafkaWorkload();
    w.setBootstrapServers(kafka.bootstrapServers());
    w.setTopic(topic);
    w.setOp(op);
    w.setMessageSize(new IntOrString(700));
    return w;
  }

  static long endOffsets(String topic, int partitions) throws Exception {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetSpec> req = new java.util.HashMap<>();
      for (int i = 0; i < partitions; i++) {
        req.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      return admin.listOffsets(req).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
  }

  @Test
  void produceWritesEveryMessageAndCountsItsBytes() throws Exception {
    KafkaWorkload w = spec(Op.PRODUCE, "produce");
    w.setPartitions(3);
    w.setLingerMs(1);
    w.setCompression("lz4");
    try (KafkaBenchmark b = new KafkaBenchmark(w)) {
      b.prepare();
      Drive.Totals t = Drive.run(b, 4, 50);
      assertEquals(Map.of(), t.errors());
      assertEquals(200, t.ok());
      assertEquals(200L * 700, t.bytes());
    }
    assertEquals(200, endOffsets("produce", 3));
  }

  @Test
  void produceWithAcksZero() throws Exception {
    KafkaWorkload w = spec(Op.PRODUCE, "produce-acks0");
    w.setAcks("0");
    try (KafkaBenchmark b = new KafkaBenchmark(w)) {
      b.prepare();
      Drive.Totals t = Drive.run(b, 2, 50);
      assertEquals(Map.of(), t.errors());
      assertEquals(100L * 700, t.bytes());
    }
  }

  @Test
  void consumeReadsPreloadedRecordsAndWrapsAtTheEnd() throws Exception {
    KafkaWorkload w = spec(Op.CONSUME, "consume");
    w.setPartitions(2);
    try (KafkaBenchmark b = new KafkaBenchmark(w, Duration.ofSeconds(10), 500)) {
      b.prepare();
      assertEquals(500, endOffsets("consume", 2));
      // Each slot reads every partition on its own; 700 > 500 records, so each one starts over once.
      Drive.Totals t = Drive.run(b, 2, 700);
      assertEquals(Map.of(), t.errors());
      assertEquals(1400, t.ok());
      assertEquals(1400L * 700, t.bytes());
    }
  }

  @Test
  void endToEndReturnsWhenTheConsumerHasTheMessage() throws Exception {
    KafkaWorkload w = spec(Op.END_TO_END, "e2e");
    try (KafkaBenchmark b = new KafkaBenchmark(w)) {
      b.prepare();
      Drive.Totals t = Drive.run(b, 3, 40);
      assertEquals(Map.of(), t.errors());
      assertEquals(120, t.ok());
      assertEquals(120L * 700, t.bytes());
      // A single connection: its message's own timestamp says how long the trip took.
      try (WorkloadConnection c = b.connect()) {
        long start = System.nanoTime();
        c.execute();
        long elapsedMicros = (System.nanoTime() - start) / 1000;
        long measured = ((EndToEndConnection) c).lastLatencyMicros();
        assertTrue(measured >= 0 && measured <= elapsedMicros + 1000, measured + " vs " + elapsedMicros);
      }
    }
    assertEquals(121, endOffsets("e2e", 1));
  }

  @Test
  void unreachableBrokerFailsPrepareWithinTheTimeoutNamingIt() {
    KafkaWorkload w = spec(Op.PRODUCE, "x");
    w.setBootstrapServers("127.0.0.1:" + LoopbackPorts.free());
    long start = System.nanoTime();
    try (KafkaBenchmark b = new KafkaBenchmark(w, Duration.ofSeconds(2), 0)) {
      TargetUnreachableException e = assertThrows(TargetUnreachableException.class, b::prepare);
      assertTrue(e.getMessage().startsWith("cannot connect to kafka " + w.getBootstrapServers()), e.getMessage());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertTrue(System.nanoTime() - start < 8_000_000_000L, "took too long");
  }
}
