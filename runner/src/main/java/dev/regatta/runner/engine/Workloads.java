package dev.regatta.runner.engine;

import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workloads.http.HttpTarget;
import dev.regatta.runner.workloads.redis.RedisTarget;

/** Turns a plan's workload object into the Workload that runs it. One line per kind. */
public final class Workloads {
  private Workloads() {}

  public static Workload create(ScenarioPlan plan, RunContext ctx) {
    return switch (plan.kind()) {
      case REDIS -> new RedisTarget((RedisWorkload) plan.workload(), ctx);
      case HTTP -> new HttpTarget((HttpWorkload) plan.workload(), ctx);
      case S3, KAFKA, STREAM -> throw new UnsupportedOperationException(
          "the " + plan.kind().field() + " workload is not part of this build yet");
    };
  }
}
