package dev.regatta.runner.workload;

import dev.regatta.runner.record.Recorder;
import java.util.function.Supplier;

/**
 * A workload that drives and times its own load because its latency is not one call's duration, e.g. the
 * stream pipeline whose latency runs from the generator to the worker that finished the task. The engine
 * calls {@link #prepare()} then {@link #run}; {@link #connect()} is not used.
 */
public interface SelfTimedWorkload extends Workload {
  /**
   * Runs warm-up and the measured window described by {@code window}. Take one recorder per thread from
   * {@code recorders} (each is used by one thread only) and record only operations that
   * {@link LoadWindow#isMeasured(long) fall in the measured window}. Return when the window is over (or, with
   * iterations, when that many operations are recorded) and in-flight operations have completed.
   */
  void run(LoadWindow window, Supplier<Recorder> recorders) throws Exception;

  /**
   * The length of the last measured window when the workload ends the window itself (the stream pipeline's
   * window is "until this many tasks are done"), or -1 to use the planned window. The window still starts at
   * {@link LoadWindow#measuredStartNanos()}; throughput is the count over this length.
   */
  default long measuredNanos() {
    return -1;
  }

  /** The last measured window's makespan (first task emitted to last task done), or -1 when it has none. */
  default long makespanNanos() {
    return -1;
  }

  /**
   * The result of the last window as the workload knows it best: the engine builds it from the recorders, and a
   * workload whose figures a Recorder cannot hold (an external tool's error, or its percentile-only summary)
   * returns an amended copy.
   */
  default dev.regatta.result.ScenarioResult amend(dev.regatta.result.ScenarioResult built) {
    return built;
  }

  @Override
  default WorkloadConnection connect() {
    throw new UnsupportedOperationException("a self-timed workload drives its own load");
  }
}
