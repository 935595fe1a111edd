package dev.regatta.runner.workloads.kafka;

import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workload.WorkloadConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The kafka workload at one scenario point.
 *
 * <ul>
 *   <li>produce: one producer shared by all load slots (the way Kafka producers are meant to be used, so
 *       batching works across slots); each slot sends a message and blocks until its ack callback, so the
 *       latency is send to ack and {@code connections} is the number of unacknowledged messages.
 *   <li>consume: prepare writes {@link #preloadMessages} messages; each slot is its own consumer reading every
 *       partition from the start (fan-out, like independent consumer groups) and one operation is one record;
 *       its latency is the time the consumer waited for that record, so poll waits show in the tail. A slot
 *       that reaches the end starts again from the beginning, so a long window never runs dry.
 *   <li>endToEnd: each slot sends a message carrying its send time, and a consumer that follows the topic
 *       hands it back; the operation completes when the consumer has it, so the latency is consumed minus
 *       sent, one message per slot in flight.
 * </ul>
 */
public final class KafkaBenchmark implements Workload {
  private final KafkaSettings settings;
  private final int preloadMessages;
  private final AtomicInteger slots = new AtomicInteger();
  private final List<AutoCloseable> owned = new ArrayList<>();

  private KafkaProducer<byte[], byte[]> producer;
  private byte[] payload;
  private EndToEndReceiver receiver;

  /**
   * @param preloadMessages consume: messages written in prepare; 0 picks min(100000, 64 MiB / messageSize)
   */
  public KafkaBenchmark(KafkaWorkload spec, Duration timeout, int preloadMessages) {
    this.settings = KafkaSettings.of(spec, timeout);
    int budget = (int) Math.min(100_000, (64L * 1024 * 1024) / Math.max(1, settings.messageSize()));
    this.preloadMessages = preloadMessages > 0 ? preloadMessages : Math.max(1000, budget);
  }

  public KafkaBenchmark(KafkaWorkload spec) {
    this(spec, Duration.ofSeconds(10), 0);
  }

  public int preloadMessages() {
    return preloadMessages;
  }

  @Override
  public void prepare() throws Exception {
    KafkaTopics.ensure(settings.bootstrap(), settings.topic(), settings.partitions(), settings.timeout());
    payload = new byte[settings.messageSize()];
    new SplittableRandom(42).nextBytes(payload);
    producer = new KafkaProducer<>(settings.producer());
    owned.add(producer);
    switch (settings.op()) {
      case PRODUCE -> { }
      case CONSUME -> preload();
      case END_TO_END -> {
        receiver = new EndToEndReceiver(settings);
        owned.add(0, receiver);
        receiver.start();
      }
    }
  }

  /** Writes the messages consume reads, acks all, and waits for every one. */
  private void preload() throws Exception {
    List<Future<RecordMetadata>> pending = new ArrayList<>();
    for (int i = 0; i < preloadMessages; i++) {
      pending.add(producer.send(new ProducerRecord<>(settings.topic(), payload)));
      if (pending.size() >= 10_000) {
        awaitAll(pending);
      }
    }
    awaitAll(pending);
  }

  private void awaitAll(List<Future<RecordMetadata>> pending) throws Exception {
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get();
      }
    } catch (Exception e) {
      throw KafkaErrors.typed(e);
    }
    pending.clear();
  }

  @Override
  public WorkloadConnection connect() throws Exception {
    if (producer == null) {
      throw new IllegalStateException("prepare() first");
    }
    int slot = slots.getAndIncrement();
    return switch (settings.op()) {
      case PRODUCE -> () -> {
        try {
          producer.send(new ProducerRecord<>(settings.topic(), payload)).get();
        } catch (Exception e) {
          throw KafkaErrors.typed(e);
        }
        return payload.length;
      };
      case CONSUME -> new ConsumeConnection(settings);
      case END_TO_END -> new EndToEndConnection(producer, receiver, settings, slot);
    };
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    owned.clear();
    if (first != null) {
      throw first;
    }
  }
}
