package dev.regatta.runner.workloads.kafka;

import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.WorkloadException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends one timestamped message and returns when the receiver has consumed it. */
final class EndToEndConnection implements WorkloadConnection {
  private final KafkaProducer<byte[], byte[]> producer;
  private final EndToEndReceiver receiver;
  private final String topic;
  private final int slot;
  private final int size;
  private final long timeoutNanos;
  private EndToEndReceiver.Waiter waiter;
  private long seq;

  EndToEndConnection(KafkaProducer<byte[], byte[]> producer, EndToEndReceiver receiver, KafkaSettings s, int slot) {
    this.producer = producer;
    this.receiver = receiver;
    this.topic = s.topic();
    this.slot = slot;
    this.size = Math.max(EndToEndReceiver.HEADER, s.messageSize());
    this.timeoutNanos = s.timeout().toNanos();
  }

  @Override
  public long execute() throws Exception {
    if (waiter == null || waiter.owner != Thread.currentThread()) {
      waiter = receiver.register(slot); // the engine drives a connection from one thread; register that one
    }
    long mySeq = ++seq;
    // A fresh array per message: the producer keeps a reference until the batch is sent.
    byte[] value = new byte[size];
    ByteBuffer.wrap(value).putLong(EndToEndReceiver.nowMicros()).putInt(slot).putLong(mySeq);
    EndToEndReceiver.Waiter w = waiter;
    w.failure = null;
    producer.send(new ProducerRecord<>(topic, value), (md, e) -> {
      if (e != null) {
        w.fail(KafkaErrors.typed(e));
      }
    });
    long deadline = System.nanoTime() + timeoutNanos;
    while (w.arrived < mySeq) {
      if (w.failure != null) {
        throw w.failure;
      }
      if (receiver.died() != null) {
        throw new WorkloadException("kafka_consumer", "end-to-end consumer stopped: " + receiver.died());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new WorkloadException(ErrorTypes.TIMEOUT, "message " + mySeq + " of slot " + slot
            + " not consumed within " + timeoutNanos / 1_000_000 + " ms");
      }
      LockSupport.parkNanos(this, left);
    }
    return size;
  }

  /** Consumed-minus-sent of the last message, as the receiver measured it from the timestamp in the message. */
  long lastLatencyMicros() {
    return waiter == null ? -1 : waiter.latencyMicros;
  }
}
