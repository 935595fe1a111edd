package dev.regatta.runner.engine;

import dev.regatta.runner.workload.CallbackConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * A target on virtual time: every request takes {@code serviceNanos}; a request that arrives during the
 * stall, or is in service when it starts, completes {@code serviceNanos} after the stall ends. Records the
 * (virtual) time of every request it received.
 */
final class SimulatedServer {
  private final VirtualTime time;
  private final long serviceNanos;
  private long stallFrom = Long.MAX_VALUE;
  private long stallUntil = Long.MAX_VALUE;
  final List<Long> received = new ArrayList<>();

  SimulatedServer(VirtualTime time, long serviceNanos) {
    this.time = time;
    this.serviceNanos = serviceNanos;
  }

  /** Stalls from {@code from} (ns after the first request) for {@code length}. */
  SimulatedServer stall(long fromNanos, long lengthNanos) {
    stallFrom = fromNanos;
    stallUntil = fromNanos + lengthNanos;
    return this;
  }

  CallbackConnection connection() {
    return new CallbackConnection() {
      @Override
      public void start(Completion done) {
        long now = time.nanoTime();
        received.add(now);
        long first = received.get(0);
        long doneAt = now + serviceNanos;
        if (doneAt - first > stallFrom && now - first < stallUntil) {
          doneAt = first + stallUntil + serviceNanos;
        }
        time.at(doneAt, () -> done.completed(100, null));
      }

      @Override
      public void close() {}
    };
  }

  List<Object> connections(int n) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(connection());
    }
    return out;
  }
}
