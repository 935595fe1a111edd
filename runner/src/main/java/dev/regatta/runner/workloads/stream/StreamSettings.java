package dev.regatta.runner.workloads.stream;

import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.StreamWorkload.Broker;
import dev.regatta.api.v1alpha1.StreamWorkload.Mode;
import dev.regatta.api.v1alpha1.StreamWorkload.Pacing;
import dev.regatta.api.v1alpha1.StreamWorkload.PayloadStore;
import dev.regatta.units.Durations;
import dev.regatta.units.Sizes;
import java.time.Duration;

/** A StreamWorkload with its defaults applied. */
record StreamSettings(Broker broker, Mode mode, String redisUrl, String kafkaBootstrap, PayloadStore store, S3Bucket s3,
    int dataSize, int tasks, Duration taskSleep, int workers, Duration timeout, Pacing pacing) {

  static StreamSettings of(StreamWorkload w, Duration timeout) {
    Broker broker = w.getBroker() == null ? Broker.REDIS : w.getBroker();
    Mode mode = w.getMode() == null ? Mode.DEFAULT : w.getMode();
    PayloadStore store = w.getPayloadStore() == null ? PayloadStore.REDIS : w.getPayloadStore();
    long size = Sizes.parse(w.getDataSize(), 1024);
    if (size < 0 || size > 512L * 1024 * 1024) {
      throw new IllegalArgumentException("stream: dataSize must be between 0 and 512Mi");
    }
    if (broker == Broker.KAFKA && (w.getKafkaBootstrapServers() == null || w.getKafkaBootstrapServers().isBlank())) {
      throw new IllegalArgumentException("stream: broker kafka needs kafkaBootstrapServers");
    }
    if (mode == Mode.PROXY && store == PayloadStore.S3 && w.getS3() == null) {
      throw new IllegalArgumentException("stream: payloadStore s3 needs s3 (bucket and endpoint)");
    }
    int tasks = w.getTasks() == null ? 1000 : w.getTasks();
    int workers = w.getWorkers() == null ? 4 : w.getWorkers();
    if (tasks < 1 || workers < 1) {
      throw new IllegalArgumentException("stream: tasks and workers must be at least 1");
    }
    return new StreamSettings(broker, mode, w.getRedisUrl() == null ? "redis://127.0.0.1:6379" : w.getRedisUrl(),
        w.getKafkaBootstrapServers(), store, w.getS3(), (int) size, tasks,
        Durations.parse(w.getTaskSleep(), Duration.ZERO), workers, timeout,
        w.getPacing() == null ? Pacing.WINDOW : w.getPacing());
  }

  /**
   * interval pacing: the time between two emitted tasks, taskSleep / (workers - 1) (taskSleep with one worker),
   * as the original generator spaced them; 0 for window pacing.
   */
  long emitIntervalNanos() {
    if (pacing != Pacing.INTERVAL) {
      return 0;
    }
    return workers <= 1 ? taskSleep.toNanos() : taskSleep.toNanos() / (workers - 1);
  }

  boolean proxy() {
    return mode == Mode.PROXY;
  }

  /** e.g. "redis pub/sub, proxy via s3". */
  String describe() {
    return (broker == Broker.REDIS ? "redis pub/sub " + redisUrl : "kafka " + kafkaBootstrap)
        + (proxy() ? ", payloads via " + (store == PayloadStore.S3 ? "s3 bucket " + s3.getBucket() : "redis") : "");
  }
}
