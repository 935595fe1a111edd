package dev.regatta.runner.workloads.redis;

import dev.regatta.api.v1alpha1.RedisWorkload.Op;
import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.WorkloadException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** One Jedis connection driven by one load thread. */
final class RedisConnection implements WorkloadConnection {
  private final RedisTarget t;
  private Jedis jedis;
  private final byte[] value;
  private Pipeline pipeline;
  private long blobOffset;

  RedisConnection(RedisTarget target, Jedis jedis) {
    this.t = target;
    this.jedis = jedis;
    this.value = RedisTarget.value(target.valueSize);
  }

  @Override
  public int operationsPerExecute() {
    return t.op == Op.BLOB_READ ? 1 : t.pipeline;
  }

  @Override
  public long execute() throws Exception {
    if (jedis == null) {
      // the last connection broke: reconnect (a failure here is counted like any other)
      try {
        jedis = new Jedis(new redis.clients.jedis.HostAndPort(t.url.host(), t.url.port()), t.config);
      } catch (JedisConnectionException e) {
        throw connectionLost(e);
      }
      pipeline = null;
    }
    try {
      if (t.op == Op.BLOB_READ) {
        return blobChunk();
      }
      if (t.pipeline > 1) {
        return pipelined();
      }
      byte[] key = t.keys[ThreadLocalRandom.current().nextInt(t.keySpace)];
      if (isRead()) {
        byte[] v = jedis.get(key);
        return v == null ? 0 : v.length;
      }
      jedis.set(key, value);
      return value.length;
    } catch (JedisDataException e) {
      throw new WorkloadException("redis_error", e.getMessage());
    } catch (JedisConnectionException e) {
      // A broken Jedis connection stays broken: drop it and reconnect on the next call.
      jedis.close();
      jedis = null;
      throw connectionLost(e);
    }
  }

  /**
   * A lost connection as a typed failure: Jedis wraps the socket's exception (as a cause, or as suppressed
   * exceptions per address tried) or only says "Unexpected end of stream" when the server closed the
   * connection; the last is a reset, as the nio client reports it. Anything else is io, never "other": it
   * is a connection error.
   */
  static WorkloadException connectionLost(JedisConnectionException e) {
    String type = ErrorTypes.classify(e);
    if (type.equals(ErrorTypes.OTHER)) {
      type = String.valueOf(e.getMessage()).contains("end of stream") ? ErrorTypes.RESET
          : ErrorTypes.IO;
    }
    return new WorkloadException(type, e.getMessage());
  }

  private boolean isRead() {
    return switch (t.op) {
      case GET -> true;
      case SET -> false;
      default -> ThreadLocalRandom.current().nextInt(100) < t.readPercent;
    };
  }

  private long pipelined() {
    if (pipeline == null) {
      pipeline = jedis.pipelined();
    }
    long bytes = 0;
    for (int i = 0; i < t.pipeline; i++) {
      byte[] key = t.keys[ThreadLocalRandom.current().nextInt(t.keySpace)];
      if (isRead()) {
        pipeline.get(key);
      } else {
        pipeline.set(key, value);
        bytes += value.length;
      }
    }
    List<Object> replies = pipeline.syncAndReturnAll();
    for (Object r : replies) {
      if (r instanceof byte[] b) {
        bytes += b.length;
      } else if (r instanceof JedisDataException e) {
        throw e;
      }
    }
    return bytes;
  }

  /** The next bufferSize chunk of the blob, wrapping around at its end. */
  private long blobChunk() {
    long start = blobOffset;
    long end = Math.min(start + t.bufferSize, t.blobLength) - 1;
    blobOffset = end + 1 >= t.blobLength ? 0 : end + 1;
    byte[] chunk = jedis.getrange(t.blobKey, start, end);
    return chunk.length;
  }

  @Override
  public void close() {
    if (jedis != null) {
      jedis.close();
    }
  }
}
