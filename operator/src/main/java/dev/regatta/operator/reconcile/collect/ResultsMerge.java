package dev.regatta.operator.reconcile.collect;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.failures.Faults;
import dev.regatta.operator.reconcile.steps.Listing;
import dev.regatta.operator.results.FaultScreen;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.result.NoSuccess;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultMerger;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads every pod's result, screens out what did not run alongside the fleet, merges the rest exactly and writes
 * it into status: rows, the headline, pod counts, start skew, partial, faults. What the run's outcome is, is the
 * caller's ({@code CollectStep}).
 */
public final class ResultsMerge {
  /** What was read and merged. */
  public record Merged(ResultCollector.Collected got, FaultScreen.Screened screened, ResultMerger.Merged rows,
      boolean partial) {}

  private final OperatorMetrics metrics;

  public ResultsMerge(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  public Merged merge(RunContext run) {
    long t0 = System.nanoTime();
    Map<String, ConfigMap> maps = run.cluster().resultMaps();
    ResultCollector.Collected got = run.cluster().collect(run.spec(), run.slots(), maps);
    List<ScenarioPlan> plan;
    try {
      plan = ScenarioPlan.of(run.spec());
    } catch (IllegalArgumentException e) {
      plan = List.of();
    }
    FaultScreen.Screened screened = FaultScreen.screen(got.documents(), startInstant(run.status()),
        plan.isEmpty() ? Duration.ZERO : plan.get(0).warmup(), new SeenPodFacts(run.seen().pods()));
    ResultMerger.Merged merged = ResultMerger.merge(screened.merged(), plan);
    metrics.mergeTimer().record(Duration.ofNanos(System.nanoTime() - t0));

    BenchmarkRunStatus status = run.status();
    int n = run.slots().size();
    status.setResults(merged.rows());
    status.setSummary(merged.rows().isEmpty() ? null : BenchmarkRunStatus.Summary.of(merged.rows().get(0)));
    run.countPods(maps);
    status.getPods().setResults(got.documents().size());
    status.getPods().setExcluded(screened.excluded().isEmpty() ? null : screened.excluded().size());
    status.setPodSummary(got.done() + "/" + n);
    skew(status, screened.merged());
    boolean partial = got.documents().size() < n || got.documents().stream().anyMatch(d -> d.failure() != null)
        || got.done() < n || screened.lostData() || got.documents().stream().anyMatch(d -> d.stopped() != null)
        || screened.faults().stream().anyMatch(f -> Fault.TOOL_FAILED.equals(f.getType()));
    status.setPartial(partial ? Boolean.TRUE : null);
    status.setCompletionTime(run.now().toString());
    List<Fault> found = new ArrayList<>(screened.faults());
    List<NoSuccess.Point> empty = NoSuccess.empty(NoSuccess.ofRows(merged.rows()));
    if (!empty.isEmpty()) {
      // nothing completed in the window on any pod: it measured nothing, which a user must not read as 0/s
      found.add(0, new Fault(Fault.NO_OPERATIONS, null, null, null, "measured nothing in "
          + NoSuccess.describe(empty) + ": the window is shorter than one operation (or the runners' warm-up "
          + "took all of them); lengthen its duration"));
    }
    Faults.record(run, found);
    return new Merged(got, screened, merged, partial);
  }

  /** Start skew: max - min of the merged runners' first measured windows. */
  private static void skew(BenchmarkRunStatus status, List<ResultDocument> docs) {
    List<Long> starts = docs.stream().map(ResultDocument::measuredStartEpochMicros).filter(Objects::nonNull).toList();
    if (starts.isEmpty() || status.getBarrier() == null) {
      return;
    }
    long min = starts.stream().mapToLong(Long::longValue).min().orElse(0);
    long max = starts.stream().mapToLong(Long::longValue).max().orElse(0);
    status.getBarrier().setSkewMillis(Listing.round3((max - min) / 1000.0));
  }

  /** The start instant as published (status.barrier.startAt), or null. */
  private static Instant startInstant(BenchmarkRunStatus status) {
    try {
      return status.getBarrier() == null || status.getBarrier().getStartAt() == null ? null
          : Instant.parse(status.getBarrier().getStartAt());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
