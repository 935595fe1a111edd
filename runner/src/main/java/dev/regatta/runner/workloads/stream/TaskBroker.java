package dev.regatta.runner.workloads.stream;

import java.util.function.Consumer;

/** The pipeline's message broker: the generator publishes, the dispatcher receives on its own thread. */
interface TaskBroker extends AutoCloseable {
  /** Starts receiving; returns once messages published from now on will reach the handler. */
  void subscribe(Consumer<byte[]> dispatcher) throws Exception;

  /** Called by the generator thread only. */
  void publish(byte[] message) throws Exception;

  /** Why the broker stopped delivering (e.g. Redis dropped a slow subscriber), or null while it works. */
  Throwable failure();

  @Override
  void close();
}
