package dev.regatta.runner.engine;

import dev.regatta.api.v1alpha1.GrpcWorkload;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workloads.grpc.GrpcTarget;
import dev.regatta.runner.workloads.http.HttpTarget;
import dev.regatta.runner.workloads.kafka.KafkaBenchmark;
import dev.regatta.runner.workloads.redis.RedisTarget;
import dev.regatta.runner.workloads.s3.S3Benchmark;
import dev.regatta.runner.workloads.stream.StreamBenchmark;

/** Turns a plan's workload object into the Workload that runs it. One line per kind. */
public final class Workloads {
  private Workloads() {}

  public static Workload create(ScenarioPlan plan, RunContext ctx) {
    return switch (plan.kind()) {
      case REDIS -> new RedisTarget((RedisWorkload) plan.workload(), ctx);
      case HTTP -> new HttpTarget((HttpWorkload) plan.workload(), ctx);
      case S3 -> new S3Benchmark((S3Workload) plan.workload(), PreparedPlan.connections(plan.load()), ctx.timeout());
      case KAFKA -> new KafkaBenchmark((KafkaWorkload) plan.workload(), ctx.timeout(), 0);
      case STREAM -> new StreamBenchmark((StreamWorkload) plan.workload(), ctx);
      case GRPC -> new GrpcTarget((GrpcWorkload) plan.workload(), ctx);
      case EXTERNAL -> new dev.regatta.runner.external.ExternalTool(plan);
    };
  }
}
