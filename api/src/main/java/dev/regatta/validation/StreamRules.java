package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.StreamWorkload;

/**
 * A stream scenario: the broker and payload store it chooses each need their own connection settings, which the
 * schema cannot tie to the choice.
 */
final class StreamRules {
  private StreamRules() {}

  static void check(Checks c, String f, StreamWorkload s) {
    if (s.getBroker() == StreamWorkload.Broker.KAFKA && Checks.isBlank(s.getKafkaBootstrapServers())) {
      c.fail(f + ".kafkaBootstrapServers", "broker: kafka needs kafkaBootstrapServers");
    }
    if (s.getPayloadStore() == StreamWorkload.PayloadStore.S3 && s.getS3() == null) {
      c.fail(f + ".s3", "payloadStore: s3 needs s3 (bucket and endpoint)");
    }
    if (s.getS3() != null) {
      c.required(f + ".s3.bucket", s.getS3().getBucket());
      c.endpoint(f + ".s3", s.getS3());
    }
    c.url(f + ".redisUrl", s.getRedisUrl(), "redis", false, "");
    c.size(f + ".dataSize", s.getDataSize(), 0, Limits.MAX_VALUE_SIZE);
    c.duration(f + ".taskSleep", s.getTaskSleep());
    if (s.getTasks() != null) {
      c.range(f + ".tasks", s.getTasks(), 1, Limits.MAX_TASKS);
    }
    if (s.getWorkers() != null) {
      c.range(f + ".workers", s.getWorkers(), 1, Limits.MAX_WORKERS);
    }
  }
}
