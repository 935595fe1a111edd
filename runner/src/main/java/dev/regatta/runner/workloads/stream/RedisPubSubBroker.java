package dev.regatta.runner.workloads.stream;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * Redis pub/sub as the broker: PUBLISH on one connection, SUBSCRIBE on another held by the dispatcher thread.
 * Pub/sub has no backpressure: Redis buffers for a slow subscriber and disconnects it past
 * client-output-buffer-limit (pubsub, 32 MB by default); the generator's in-flight window keeps below that
 * for ordinary payloads, and a disconnect shows up as {@link #failure()} and lost tasks, never a hang.
 */
final class RedisPubSubBroker implements TaskBroker {
  private final RedisEndpoint redis;
  private final byte[] channel;
  private final Jedis publisher;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private volatile Throwable failure;
  private volatile boolean closing;
  private Thread thread;
  private BinaryJedisPubSub pubsub;

  RedisPubSubBroker(RedisEndpoint redis, String channel) {
    this.redis = redis;
    this.channel = channel.getBytes(StandardCharsets.UTF_8);
    this.publisher = redis.connect();
  }

  @Override
  public void subscribe(Consumer<byte[]> dispatcher) throws Exception {
    Jedis sub = redis.connectForSubscribe();
    pubsub = new BinaryJedisPubSub() {
      @Override
      public void onSubscribe(byte[] ch, int count) {
        subscribed.countDown();
      }

      @Override
      public void onMessage(byte[] ch, byte[] message) {
        dispatcher.accept(message);
      }
    };
    thread = new Thread(() -> {
      try (sub) {
        sub.subscribe(pubsub, channel);
      } catch (RuntimeException e) {
        if (!closing) {
          failure = e;
        }
      }
    }, "stream-dispatcher-redis");
    thread.setDaemon(true);
    thread.start();
    if (!subscribed.await(redis.timeoutMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("SUBSCRIBE on " + redis.shown() + " not confirmed within "
          + redis.timeoutMillis() + " ms" + (failure != null ? ": " + failure.getMessage() : ""));
    }
  }

  @Override
  public void publish(byte[] message) {
    publisher.publish(channel, message);
  }

  @Override
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() {
    closing = true;
    try {
      if (pubsub != null && pubsub.isSubscribed()) {
        pubsub.unsubscribe();
      }
    } catch (RuntimeException e) {
      // the connection is already gone
    }
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    publisher.close();
  }
}
