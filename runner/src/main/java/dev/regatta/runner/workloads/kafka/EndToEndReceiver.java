package dev.regatta.runner.workloads.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the topic from its end and hands each endToEnd message back to the slot that sent it. A message is
 * [send time, epoch µs: 8][slot: 4][sequence: 8][padding]; the wall clock is used so that a sender in another
 * process on the same host could be measured the same way.
 */
final class EndToEndReceiver implements AutoCloseable {
  static final int HEADER = 20;

  /** One slot's view: the last sequence that arrived, and its consumed-minus-sent latency. */
  static final class Waiter {
    final Thread owner;
    volatile long arrived = -1;
    volatile long latencyMicros;
    volatile Exception failure;

    Waiter(Thread owner) {
      this.owner = owner;
    }

    void fail(Exception e) {
      failure = e;
      LockSupport.unpark(owner);
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<Integer, Waiter> waiters = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable died;

  EndToEndReceiver(KafkaSettings s) {
    consumer = new KafkaConsumer<>(s.consumer());
    List<TopicPartition> partitions = consumer.partitionsFor(s.topic(), s.timeout()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // position() resolves the lazy seek now: whatever is sent after prepare() is after this point.
    partitions.forEach(consumer::position);
    thread = new Thread(this::run, "kafka-e2e-receiver");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Waiter register(int slot) {
    Waiter w = new Waiter(Thread.currentThread());
    waiters.put(slot, w);
    return w;
  }

  Throwable died() {
    return died;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          byte[] v = r.value();
          if (v == null || v.length < HEADER) {
            continue;
          }
          ByteBuffer b = ByteBuffer.wrap(v);
          long sentMicros = b.getLong();
          int slot = b.getInt();
          long seq = b.getLong();
          Waiter w = waiters.get(slot);
          if (w != null) {
            w.latencyMicros = nowMicros() - sentMicros;
            w.arrived = seq;
            LockSupport.unpark(w.owner);
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (Throwable t) {
      died = t;
      waiters.values().forEach(w -> LockSupport.unpark(w.owner));
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
