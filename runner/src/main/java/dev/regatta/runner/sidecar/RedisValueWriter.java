package dev.regatta.runner.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Jedis;

/**
 * Writes one large value into Redis in chunks: APPEND to a loading key, then RENAME over the real key. No
 * single command carries the whole value (a 64 MiB SET is one 64 MiB command buffer on both sides), and
 * readers never see a half-written value under the real key.
 */
final class RedisValueWriter {
  static final int CHUNK = 1024 * 1024;

  private final Jedis jedis;
  private final byte[] key;
  private final byte[] loadingKey;
  private long written;

  RedisValueWriter(Jedis jedis, String key) {
    this.jedis = jedis;
    this.key = key.getBytes(StandardCharsets.UTF_8);
    this.loadingKey = (key + ".regatta-loading").getBytes(StandardCharsets.UTF_8);
    jedis.del(loadingKey);
    // An empty value first, so that a zero-byte source still produces the key.
    jedis.set(loadingKey, new byte[0]);
  }

  void append(byte[] chunk, int length) {
    if (length == 0) {
      return;
    }
    byte[] b = length == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, length);
    long len = jedis.append(loadingKey, b);
    written += length;
    if (len != written) {
      throw new IllegalStateException("value length " + len + " after appending " + written + " bytes");
    }
  }

  /** Appends the whole stream in CHUNK-sized commands; returns the bytes written. */
  long appendAll(InputStream in) throws IOException {
    byte[] buf = new byte[CHUNK];
    int filled = 0;
    for (int n; (n = in.read(buf, filled, buf.length - filled)) >= 0; ) {
      filled += n;
      if (filled == buf.length) {
        append(buf, filled);
        filled = 0;
      }
    }
    append(buf, filled);
    return written;
  }

  /** Puts the value under its real key and checks its length. */
  long commit() {
    jedis.rename(loadingKey, key);
    long len = jedis.strlen(key);
    if (len != written) {
      throw new IllegalStateException("STRLEN is " + len + " after writing " + written + " bytes");
    }
    return len;
  }

  void abort() {
    try {
      jedis.del(loadingKey);
    } catch (RuntimeException e) {
      // best effort: the error that made us abort is the one to report
    }
  }
}
