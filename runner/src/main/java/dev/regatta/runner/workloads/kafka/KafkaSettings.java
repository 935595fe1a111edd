package dev.regatta.runner.workloads.kafka;

import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.units.Sizes;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A KafkaWorkload with its defaults applied, and the client configurations it implies. */
record KafkaSettings(String bootstrap, String topic, KafkaWorkload.Op op, int messageSize, String acks, int batchSize,
    int lingerMs, String compression, int partitions, Duration timeout) {

  static KafkaSettings of(KafkaWorkload w, Duration timeout) {
    if (w.getBootstrapServers() == null || w.getBootstrapServers().isBlank()) {
      throw new IllegalArgumentException("kafka: bootstrapServers is required");
    }
    long size = Sizes.parse(w.getMessageSize(), 1024);
    if (size < 0 || size > 64L * 1024 * 1024) {
      throw new IllegalArgumentException("kafka: messageSize must be between 0 and 64Mi");
    }
    return new KafkaSettings(w.getBootstrapServers(), w.getTopic() == null ? "regatta-bench" : w.getTopic(),
        w.getOp() == null ? KafkaWorkload.Op.PRODUCE : w.getOp(), (int) size,
        w.getAcks() == null ? "all" : w.getAcks(), (int) Sizes.parse(w.getBatchSize(), 16384),
        w.getLingerMs() == null ? 0 : w.getLingerMs(), w.getCompression() == null ? "none" : w.getCompression(),
        w.getPartitions() == null ? 1 : w.getPartitions(), timeout);
  }

  Properties producer() {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(ProducerConfig.ACKS_CONFIG, acks);
    p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(batchSize));
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
    p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    p.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Math.max(1024 * 1024, messageSize + 4096)));
    p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
    // Idempotence needs acks=all; with acks 0 or 1 it must be off or the producer refuses to start.
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, String.valueOf("all".equals(acks) || "-1".equals(acks)));
    p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** A consumer without a group: partitions are assigned by hand, offsets are never committed. */
  Properties consumer() {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Math.max(1024 * 1024, messageSize + 4096)));
    p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
