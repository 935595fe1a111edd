package dev.regatta.operator.reconcile.abort;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * Wakes a run's reconcile from outside one (a live round that saw a breach), through an event source of the
 * controller. Until the controller has attached its source (and in tests of the steps alone), waking does nothing
 * and the run is looked at on its next reconcile.
 */
public final class LiveWake {
  private volatile SimpleInboundEventSource<BenchmarkRun> source;

  /** The event source the controller registered; returns it. */
  public SimpleInboundEventSource<BenchmarkRun> attach(SimpleInboundEventSource<BenchmarkRun> source) {
    this.source = source;
    return source;
  }

  public void wake(String name, String namespace) {
    SimpleInboundEventSource<BenchmarkRun> s = source;
    if (s != null) {
      s.propagateEvent(new ResourceID(name, namespace));
    }
  }
}
