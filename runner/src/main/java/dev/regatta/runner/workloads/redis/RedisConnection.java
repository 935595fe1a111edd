package dev.regatta.runner.workloads.redis;

import dev.regatta.api.v1alpha1.RedisWorkload.Op;
import dev.regatta.runner.workload.ConnectionCounters;
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
  /** The RESP bytes of each command and reply (RespSize), handed to the engine after each execute. */
  private final ConnectionCounters counters = new ConnectionCounters();

  RedisConnection(RedisTarget target, Jedis jedis) {
    this.t = target;
    this.jedis = jedis;
    this.value = RedisTarget.value(target.valueSize);
  }

  @Override
  public void drainStats(dev.regatta.runner.record.Recorder to) {
    counters.drainInto(to);
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
        counters.sent(RespSize.command(3, key.length));
        byte[] v = jedis.get(key);
        counters.received(RespSize.bulk(v == null ? -1 : v.length));
        return v == null ? 0 : v.length;
      }
      counters.sent(RespSize.command(3, key.length, value.length));
      jedis.set(key, value);
      counters.received(RespSize.OK);
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
        counters.sent(RespSize.command(3, key.length));
      } else {
        pipeline.set(key, value);
        counters.sent(RespSize.command(3, key.length, value.length));
        bytes += value.length;
      }
    }
    List<Object> replies = pipeline.syncAndReturnAll();
    for (Object r : replies) {
      if (r instanceof byte[] b) {
        bytes += b.length;
        counters.received(RespSize.bulk(b.length));
      } else if (r == null) {
        counters.received(RespSize.bulk(-1));
      } else if (r instanceof JedisDataException e) {
        throw e;
      } else {
        counters.received(RespSize.OK);
      }
    }
    return bytes;
  }

  /** The next bufferSize chunk of the blob, wrapping around at its end. */
  private long blobChunk() {
    long start = blobOffset;
    long end = Math.min(start + t.bufferSize, t.blobLength) - 1;
    blobOffset = end + 1 >= t.blobLength ? 0 : end + 1;
    counters.sent(RespSize.command(8, t.blobKey.length, RespSize.digits(start), RespSize.digits(end)));
    byte[] chunk = jedis.getrange(t.blobKey, start, end);
    counters.received(RespSize.bulk(chunk.length));
    return chunk.length;
  }

  @Override
  public void close() {
    if (jedis != null) {
      jedis.close();
    }
  }
}
