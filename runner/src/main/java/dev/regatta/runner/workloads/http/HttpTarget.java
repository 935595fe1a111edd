package dev.regatta.runner.workloads.http;

import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workload.WorkloadConnection;

public final class HttpTarget implements Workload {
  public HttpTarget(HttpWorkload spec, RunContext ctx) {}

  @Override
  public void prepare() {}

  @Override
  public WorkloadConnection connect() {
    throw new UnsupportedOperationException("http: not yet");
  }
}
