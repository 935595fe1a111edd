package dev.regatta.api.v1alpha1;

import java.util.function.Function;

/** The workloads, by the field name they use in a scenario. */
public enum WorkloadKind {
  REDIS("redis", Scenario::getRedis, "ops/s"),
  HTTP("http", Scenario::getHttp, "req/s"),
  S3("s3", Scenario::getS3, "req/s"),
  KAFKA("kafka", Scenario::getKafka, "msg/s"),
  STREAM("stream", Scenario::getStream, "tasks/s"),
  GRPC("grpc", Scenario::getGrpc, "calls/s"),
  EXTERNAL("external", Scenario::getExternal, "req/s");

  private final String field;
  private final Function<Scenario, Object> getter;
  private final String rateUnit;

  WorkloadKind(String field, Function<Scenario, Object> getter, String rateUnit) {
    this.field = field;
    this.getter = getter;
    this.rateUnit = rateUnit;
  }

  /** What one operation is, per second: req/s (HTTP, S3), ops/s (Redis), msg/s (Kafka), tasks/s (stream). */
  public String rateUnit() {
    return rateUnit;
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
    throw new IllegalArgumentException("unknown workload '" + field + "': expected redis, http, s3, kafka, stream, grpc or external");
  }
}
