package dev.regatta.api.v1alpha1;

import java.util.function.Function;

/** The workloads, by the field name they use in a scenario. */
public enum WorkloadKind {
  REDIS("redis", Scenario::getRedis),
  HTTP("http", Scenario::getHttp),
  S3("s3", Scenario::getS3),
  KAFKA("kafka", Scenario::getKafka),
  STREAM("stream", Scenario::getStream),
  GRPC("grpc", Scenario::getGrpc);

  private final String field;
  private final Function<Scenario, Object> getter;

  WorkloadKind(String field, Function<Scenario, Object> getter) {
    this.field = field;
    this.getter = getter;
  }

  /** The scenario field (and CLI subcommand) naming this workload. */
  public String field() {
    return field;
  }

  public Object of(Scenario scenario) {
    return getter.apply(scenario);
  }

  public static WorkloadKind ofField(String field) {
    for (WorkloadKind k : values()) {
      if (k.field.equals(field)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + field + "': expected redis, http, s3, kafka, stream or grpc");
  }
}
