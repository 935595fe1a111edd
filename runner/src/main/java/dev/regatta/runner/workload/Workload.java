package dev.regatta.runner.workload;

/**
 * One workload bound to one scenario point ({@link dev.regatta.matrix.ScenarioPlan}). The engine calls
 * {@link #prepare()} once (unmeasured), then {@link #connect()} once per load slot (connection or
 * virtual user), drives each connection from one thread, and closes everything at the end.
 */
public interface Workload extends AutoCloseable {
  /** Unmeasured setup: check the target answers, create topics/buckets, write the values reads will read. */
  void prepare() throws Exception;

  /** A new client connection for one load slot. It is used by one thread at a time. */
  WorkloadConnection connect() throws Exception;

  /**
   * One line for the human summary naming the client that runs the operations when the workload has a
   * choice (e.g. redis: jedis or nio), or null. Not part of the result's params.
   */
  default String clientNote() {
    return null;
  }

  @Override
  default void close() throws Exception {}
}
