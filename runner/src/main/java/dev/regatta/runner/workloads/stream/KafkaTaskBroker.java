package dev.regatta.runner.workloads.stream;

import dev.regatta.runner.workloads.kafka.KafkaTopics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka as the broker: the generator produces to a topic (acks=1, no linger: a task is sent when it is made),
 * the dispatcher thread consumes it from the end, with no consumer group.
 */
final class KafkaTaskBroker implements TaskBroker {
  static final String TOPIC = "regatta-stream";

  private final String bootstrap;
  private final Duration timeout;
  private final KafkaProducer<byte[], byte[]> producer;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  KafkaTaskBroker(String bootstrap, int maxMessageBytes, Duration timeout) throws Exception {
    this.bootstrap = bootstrap;
    this.timeout = timeout;
    KafkaTopics.ensure(bootstrap, TOPIC, 1, timeout, maxMessageBytes + 1024);
    Properties p = new Properties();
    p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(ProducerConfig.ACKS_CONFIG, "1");
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Math.max(1024 * 1024, maxMessageBytes + 1024)));
    p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
    p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(p);
  }

  @Override
  public void subscribe(Consumer<byte[]> dispatcher) {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumer = new KafkaConsumer<>(p);
    List<TopicPartition> parts = consumer.partitionsFor(TOPIC, timeout).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position); // resolve the seek now: tasks published after this are ours
    thread = new Thread(() -> {
      try {
        while (running) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            dispatcher.accept(r.value());
          }
        }
      } catch (WakeupException e) {
        // close()
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }, "stream-dispatcher-kafka");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void publish(byte[] message) {
    producer.send(new ProducerRecord<>(TOPIC, message), (md, e) -> {
      if (e != null) {
        failure = e;
      }
    });
  }

  @Override
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close(Duration.ofSeconds(5));
  }
}
