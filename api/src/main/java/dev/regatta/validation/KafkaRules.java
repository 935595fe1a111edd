package dev.regatta.validation;

import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.Limits;

/** A kafka scenario: the brokers it produces to and the producer's batching. */
final class KafkaRules {
  private KafkaRules() {}

  static void check(Checks c, String f, KafkaWorkload k) {
    c.required(f + ".bootstrapServers", k.getBootstrapServers());
    c.size(f + ".messageSize", k.getMessageSize(), 0, Limits.MAX_MESSAGE_SIZE);
    c.size(f + ".batchSize", k.getBatchSize(), 0, Limits.MAX_MESSAGE_SIZE);
    if (k.getLingerMs() != null) {
      c.range(f + ".lingerMs", k.getLingerMs(), 0, Limits.MAX_LINGER_MS);
    }
    if (k.getPartitions() != null) {
      c.range(f + ".partitions", k.getPartitions(), 1, Limits.MAX_PARTITIONS);
    }
  }
}
