package dev.regatta.runner.workloads.kafka;

import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.WorkloadException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/** Kafka failures as error types: timeout, or kafka_ and the exception's name (kafka_NotLeaderOrFollower...). */
final class KafkaErrors {
  private KafkaErrors() {}

  static Exception typed(Throwable t) {
    Throwable c = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof TimeoutException) {
      return new WorkloadException(ErrorTypes.TIMEOUT, c.getMessage());
    }
    if (c instanceof KafkaException) {
      String name = c.getClass().getSimpleName().replace("Exception", "");
      return new WorkloadException("kafka_" + name, c.getMessage());
    }
    return c instanceof Exception e ? e : new RuntimeException(c);
  }
}
