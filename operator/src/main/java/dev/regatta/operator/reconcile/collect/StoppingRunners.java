package dev.regatta.operator.reconcile.collect;

import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An aborted run's runners that were measuring get SIGTERM when their Jobs are suspended, and write what they
 * measured before they exit (docs/PROTOCOL.md, "Stopped runners"). Collecting waits for them, so that what they
 * measured is merged, but never longer than {@link #WAIT} after the abort: a runner killed outright (or an older
 * runner that writes nothing when stopped) must not hold the run.
 */
public final class StoppingRunners {
  /**
   * Kubernetes' default terminationGracePeriodSeconds (30 s, which the runner's own bound stays inside) and a
   * margin for the API.
   */
  public static final Duration WAIT = Duration.ofSeconds(35);

  private StoppingRunners() {}

  /**
   * The slots still to write after an abort (their runner reported {@code state=running} and nothing since), when
   * the run was aborted less than {@link #WAIT} ago; empty otherwise.
   */
  public static List<String> pending(RunContext run, Supplier<Map<String, ConfigMap>> resultMaps) {
    Condition completed = run.status().condition(Conditions.COMPLETED);
    if (completed == null || !"False".equals(completed.getStatus())
        || !EventReason.Aborted.name().equals(completed.getReason())) {
      return List.of();
    }
    Instant abortedAt;
    try {
      abortedAt = Instant.parse(completed.getLastTransitionTime());
    } catch (RuntimeException e) {
      return List.of();
    }
    if (!run.now().isBefore(abortedAt.plus(WAIT))) {
      return List.of();
    }
    Map<String, ConfigMap> maps = resultMaps.get(); // read only for an aborted run: the merge reads them again
    return run.slots().stream().filter(slot -> {
      ConfigMap cm = maps.get(slot.resultMap());
      return cm != null && cm.getData() != null
          && Protocol.STATE_RUNNING.equals(cm.getData().get(Protocol.STATE_KEY));
    }).map(slot -> slot.label()).toList();
  }

  /** When the wait ends, for a run {@link #pending} found runners to wait for. */
  public static Instant waitEnds(RunContext run) {
    return Instant.parse(run.status().condition(Conditions.COMPLETED).getLastTransitionTime()).plus(WAIT);
  }
}
