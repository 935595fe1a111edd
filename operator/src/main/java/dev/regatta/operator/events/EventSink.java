package dev.regatta.operator.events;

import dev.regatta.api.v1alpha1.BenchmarkRun;

/** Where the Events of a run go: the API ({@link EventRecorder}), or a list in a unit test. */
@FunctionalInterface
public interface EventSink {
  void record(BenchmarkRun run, EventReason reason, String message);
}
