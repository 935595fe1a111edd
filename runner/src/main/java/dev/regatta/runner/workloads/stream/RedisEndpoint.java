package dev.regatta.runner.workloads.stream;

import java.net.URI;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** The stream's Redis (broker and/or payload store) from a redis:// URL, with its timeout. */
record RedisEndpoint(URI uri, int timeoutMillis) {
  static RedisEndpoint of(String url, Duration timeout) {
    URI u = URI.create(url);
    if (!"redis".equals(u.getScheme()) && !"rediss".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("stream: '" + url + "' is not a Redis URL: use redis://host:port");
    }
    return new RedisEndpoint(u, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /** Connects now (Jedis connects in its constructor). */
  Jedis connect() {
    return new Jedis(uri, timeoutMillis);
  }

  /** A connection that blocks in SUBSCRIBE: no read timeout, the pipeline may idle between windows. */
  Jedis connectForSubscribe() {
    return new Jedis(uri, timeoutMillis, 0);
  }

  JedisPool pool(int size) {
    GenericObjectPoolConfig<Jedis> c = new GenericObjectPoolConfig<>();
    c.setMaxTotal(size);
    c.setMaxIdle(size);
    return new JedisPool(c, uri, timeoutMillis);
  }

  /** The URL without credentials, for messages. */
  String shown() {
    return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
  }
}
