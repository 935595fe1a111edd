package dev.regatta.runner.workloads.stream;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** Payloads in Redis: SET by the generator, GETDEL by the worker, so a run leaves nothing behind. */
final class RedisPayloadStore implements PayloadStore {
  private final JedisPool pool;

  RedisPayloadStore(RedisEndpoint redis, int connections) {
    this.pool = redis.pool(connections);
  }

  @Override
  public void put(String key, byte[] payload) {
    try (Jedis j = pool.getResource()) {
      j.set(key.getBytes(StandardCharsets.UTF_8), payload);
    }
  }

  @Override
  public byte[] take(String key) {
    try (Jedis j = pool.getResource()) {
      return j.getDel(key.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
