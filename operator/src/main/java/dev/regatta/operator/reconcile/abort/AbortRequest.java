package dev.regatta.operator.reconcile.abort;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.failures.RunFailures;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Humanize;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An abort asked for with the {@value Protocol#ABORT_ANNOTATION} annotation ({@code regatta abort RUN}): the run's
 * active Jobs are suspended at once (their pods stop), and the run fails with reason Aborted through Collecting,
 * which merges whatever results arrived ({@code partial: true} when some are missing). A run that is collecting
 * or has ended is not touched: it has nothing left to stop. Deleting the run stays the hard stop.
 */
public final class AbortRequest {
  /** The reason is quoted in status and Events; a longer one is cut. */
  public static final int MAX_REASON = 256;

  private AbortRequest() {}

  /** The reason given, or "no reason given", when the run carries the annotation. */
  public static Optional<String> requested(BenchmarkRun run) {
    Map<String, String> a = run.getMetadata() == null ? null : run.getMetadata().getAnnotations();
    if (a == null || !a.containsKey(Protocol.ABORT_ANNOTATION)) {
      return Optional.empty();
    }
    String reason = Objects.toString(a.get(Protocol.ABORT_ANNOTATION), "").strip().replaceAll("[\\r\\n\\t]+", " ");
    if (reason.isEmpty()) {
      return Optional.of("no reason given");
    }
    return Optional.of(reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...");
  }

  /**
   * For the controller's update filter: the annotation appeared or changed. An annotation does not change a run's
   * generation, so a generation-aware filter would never let the request through.
   */
  public static boolean changed(BenchmarkRun now, BenchmarkRun before) {
    return !requested(now).equals(before == null ? Optional.empty() : requested(before));
  }

  /** Aborts the run if it asks for it and can still be stopped; true when it did. */
  public static boolean abortIfRequested(RunContext run) {
    Phase phase = run.status().getPhase();
    Optional<String> reason = requested(run.run());
    if (reason.isEmpty() || phase == null || phase == Phase.Collecting || phase.isFinished()) {
      return false;
    }
    stop(run, "aborted on request: " + Humanize.quote(reason.get()) + " (in phase " + phase + ")");
    return true;
  }

  /**
   * Every abort's way, asked for or on a live breach ({@link LiveAbort}): the run's active Jobs are suspended at once
   * (their pods stop and write what they measured), and the run fails with reason Aborted and {@code message}
   * through Collecting.
   */
  public static void stop(RunContext run, String message) {
    for (Job j : run.jobs()) {
      if (!PodDiagnosis.isComplete(j) && !PodDiagnosis.isFailed(j)
          && (j.getSpec() == null || !Boolean.TRUE.equals(j.getSpec().getSuspend()))) {
        run.cluster().suspendJob(j.getMetadata().getName());
      }
    }
    RunFailures.fail(run, EventReason.Aborted, message);
  }
}
