package dev.regatta.runner.workloads.kafka;

import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.WorkloadException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** One consumer reading every partition of the topic; one operation is one record. */
final class ConsumeConnection implements WorkloadConnection {
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final long timeoutNanos;
  private Iterator<ConsumerRecord<byte[], byte[]>> batch = java.util.Collections.emptyIterator();

  ConsumeConnection(KafkaSettings s) {
    this.consumer = new KafkaConsumer<>(s.consumer());
    this.timeoutNanos = s.timeout().toNanos();
    List<PartitionInfo> infos = consumer.partitionsFor(s.topic(), s.timeout());
    this.partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  @Override
  public long execute() throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!batch.hasNext()) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      if (!records.isEmpty()) {
        batch = records.iterator();
        break;
      }
      if (atEnd()) {
        consumer.seekToBeginning(partitions);
      }
      if (System.nanoTime() > deadline) {
        throw new WorkloadException(ErrorTypes.TIMEOUT, "no record within " + timeoutNanos / 1_000_000 + " ms");
      }
    }
    byte[] v = batch.next().value();
    return v == null ? 0 : v.length;
  }

  private boolean atEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
