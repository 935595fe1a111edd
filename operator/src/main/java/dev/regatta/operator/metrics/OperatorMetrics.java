package dev.regatta.operator.metrics;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator's own metrics. Gauges are read from the informer caches at scrape time, so they never drift
 * from what the cluster says (and survive a restart without bookkeeping).
 */
public class OperatorMetrics {
  private final MeterRegistry registry;
  private final Timer reconcile;
  private final Timer merge;
  private volatile Supplier<Stream<BenchmarkRun>> runs = Stream::empty;
  private volatile Supplier<Long> runnerPods = () -> 0L;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reconcile = Timer.builder("regatta.reconcile.duration")
        .description("Time to reconcile one BenchmarkRun").publishPercentileHistogram().register(registry);
    this.merge = Timer.builder("regatta.merge.duration")
        .description("Time to read and merge a run's per-pod results").register(registry);
    for (Phase phase : Phase.values()) {
      Gauge.builder("regatta.runs", () -> runs.get()
              .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == phase).count())
          .description("BenchmarkRuns by phase").tag("phase", phase.name()).register(registry);
    }
    Gauge.builder("regatta.runner.pods", () -> runnerPods.get())
        .description("Runner pods that exist now, over all runs").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public Timer reconcileTimer() {
    return reconcile;
  }

  public Timer mergeTimer() {
    return merge;
  }

  /** The runs that exist now, as namespace/name (the live series keep only theirs). */
  public Set<String> runKeys() {
    return runs.get().map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  /** Wired once the informers exist (event sources are prepared after the reconciler is built). */
  public void observe(Supplier<Stream<BenchmarkRun>> runs, Supplier<Long> runnerPods) {
    this.runs = runs;
    this.runnerPods = runnerPods;
  }
}
