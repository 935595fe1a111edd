package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.WorkloadKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of the workload subcommands (redis, http, s3, kafka, stream): a subclass declares its own flags, and
 * builds the workload object from them; the shared flags and running live here. Adding a workload is a
 * subclass plus one entry in {@link dev.regatta.runner.Main}'s subcommand list.
 */
public abstract class WorkloadCommand implements Callable<Integer> {
  @Mixin
  protected CommonOptions common;

  @picocli.CommandLine.Spec
  protected picocli.CommandLine.Model.CommandSpec spec;

  /** Which workload this is. */
  protected abstract WorkloadKind kind();

  /** The workload object (RedisWorkload, HttpWorkload, ...) the flags describe. */
  protected abstract Object workload() throws Exception;

  /** Extra run settings (e.g. a CA file); override to add to the defaults. */
  protected dev.regatta.runner.workload.RunContext context() {
    return new dev.regatta.runner.workload.RunContext(common.timeoutDuration(), null);
  }

  @Override
  public Integer call() throws Exception {
    return CliRun.run(kind(), workload(), common, context(), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
