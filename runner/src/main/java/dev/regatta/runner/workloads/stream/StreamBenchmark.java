package dev.regatta.runner.workloads.stream;

import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.StreamWorkload.Broker;
import dev.regatta.api.v1alpha1.StreamWorkload.PayloadStore;
import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.LoadWindow;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.SelfTimedWorkload;
import dev.regatta.runner.workload.TargetUnreachableException;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The stream workload at one scenario point: the whole pipeline in this runner. It times itself: a measured
 * window starts at the planned instant and lasts until the generator's {@code tasks} tasks are all processed,
 * so tasks/s is tasks over that time and each latency is one task's generated-to-finished time. Warm-up runs
 * smaller unmeasured waves and stops early enough that the measured wave starts on time.
 */
public final class StreamBenchmark implements SelfTimedWorkload {
  static final int WARMUP_WAVE = 100;

  private final StreamSettings s;
  private StreamPipeline pipeline;
  private long lastMeasuredNanos = -1;
  private long lastMakespanNanos = -1;

  public StreamBenchmark(StreamWorkload spec, RunContext ctx) {
    this.s = StreamSettings.of(spec, ctx.timeout());
  }

  @Override
  public void prepare() throws Exception {
    boolean needsRedis = s.broker() == Broker.REDIS || s.proxy() && s.store() == PayloadStore.REDIS;
    RedisEndpoint redis = needsRedis ? RedisEndpoint.of(s.redisUrl(), s.timeout()) : null;
    if (redis != null) {
      try (Jedis j = redis.connect()) {
        j.ping();
      } catch (JedisConnectionException e) {
        throw new TargetUnreachableException("redis " + redis.shown(), e);
      }
    }
    TaskBroker broker = null;
    dev.regatta.runner.workloads.stream.PayloadStore store = null;
    try {
      broker = s.broker() == Broker.REDIS
          ? new RedisPubSubBroker(redis, "regatta:stream:" + Long.toHexString(System.nanoTime()))
          : new KafkaTaskBroker(s.kafkaBootstrap(), TaskMessage.HEADER + s.dataSize(), s.timeout());
      if (s.proxy()) {
        store = s.store() == PayloadStore.REDIS
            ? new RedisPayloadStore(redis, s.workers() + 1)
            : new S3PayloadStore(s.s3(), s.workers() + 1, s.timeout());
      }
      pipeline = new StreamPipeline(s, broker, store);
      pipeline.start();
    } catch (Exception | Error e) {
      if (pipeline != null) {
        pipeline.close();
      } else {
        if (broker != null) {
          broker.close();
        }
        if (store != null) {
          store.close();
        }
      }
      pipeline = null;
      throw e;
    }
  }

  @Override
  public void run(LoadWindow window, Supplier<Recorder> recorders) throws Exception {
    if (pipeline == null) {
      throw new IllegalStateException("prepare() first");
    }
    // Warm-up in waves sized to end before the measured start, judged by the previous wave's time per task:
    // the first wave is one task per worker, later ones at most WARMUP_WAVE.
    int size = Math.min(s.tasks(), s.workers());
    while (size > 0) {
      long waveNanos = pipeline.runWave(size, null, null);
      long perTask = Math.max(1, waveNanos / size);
      long left = window.measuredStartNanos() - System.nanoTime();
      size = (int) Math.min(Math.min(s.tasks(), WARMUP_WAVE), Math.max(0, left / perTask - 1));
    }
    for (long left; (left = window.measuredStartNanos() - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
    Recorder[] perWorker = new Recorder[s.workers()];
    for (int i = 0; i < perWorker.length; i++) {
      perWorker[i] = recorders.get();
    }
    Recorder generator = recorders.get();
    long wave = pipeline.runWave(s.tasks(), perWorker, generator);
    lastMakespanNanos = pipeline.lastMakespanNanos();
    // tasks/s is tasks over the makespan, as the original reports it (the wave's own length adds only the
    // generator's bookkeeping around the first emit and after the last task)
    lastMeasuredNanos = lastMakespanNanos > 0 ? lastMakespanNanos : wave;
  }

  /** Measured tasks run from the first emit, at the planned start, until the last task is done. */
  @Override
  public long measuredNanos() {
    return lastMeasuredNanos;
  }

  @Override
  public long makespanNanos() {
    return lastMakespanNanos;
  }

  /** Tasks in flight at most (for tests and the summary). */
  public int window() {
    return pipeline == null ? 0 : pipeline.window();
  }

  public String describe() {
    return s.describe();
  }

  @Override
  public void close() {
    if (pipeline != null) {
      pipeline.close();
      pipeline = null;
    }
  }
}
