package dev.regatta.validation;

import dev.regatta.api.v1alpha1.GrpcWorkload;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;

/** One scenario's workload, by its kind: a scenario's own and each matrix point's are checked the same way. */
final class WorkloadRules {
  private WorkloadRules() {}

  static void check(Checks c, String f, WorkloadKind kind, Object w) {
    switch (kind) {
      case REDIS -> RedisRules.check(c, f, (RedisWorkload) w);
      case HTTP -> HttpRules.check(c, f, (HttpWorkload) w);
      case S3 -> S3Rules.check(c, f, (S3Workload) w);
      case KAFKA -> KafkaRules.check(c, f, (KafkaWorkload) w);
      case STREAM -> StreamRules.check(c, f, (StreamWorkload) w);
      case GRPC -> GrpcRules.check(c, f, (GrpcWorkload) w);
      case EXTERNAL -> ExternalRules.check(c, f, (dev.regatta.api.v1alpha1.ExternalWorkload) w);
    }
  }
}
