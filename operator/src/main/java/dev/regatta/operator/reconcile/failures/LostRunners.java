package dev.regatta.operator.reconcile.failures;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.steps.Listing;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runner pods that failed while the run is Running: whatever they had measured is lost, and the Job's
 * replacement will start late. Said at once (status.faults, Degraded, a Warning Event), once per pod: what is in
 * status.faults has been said.
 */
public final class LostRunners {
  private LostRunners() {}

  /** @param maps the run's result ConfigMaps by name */
  public static void check(RunContext run, Map<String, ConfigMap> maps) {
    BenchmarkRunStatus status = run.status();
    List<Fault> known = status.getFaults() == null ? new ArrayList<>() : new ArrayList<>(status.getFaults());
    List<String> said = new ArrayList<>();
    for (Pod p : run.seen().pods()) {
      String slot = PodDiagnosis.slotOf(p);
      if (!PodDiagnosis.isFailed(p) || slot == null
          || known.stream().anyMatch(f -> p.getMetadata().getName().equals(f.getPod()))) {
        continue;
      }
      String placement = Listing.label(p, Protocol.LABEL_PLACEMENT);
      String index = Listing.label(p, PodDiagnosis.JOB_INDEX_LABEL);
      ConfigMap cm = maps.get(Protocol.resultConfigMapName(run.name(), placement, Integer.parseInt(index)));
      Map<String, String> data = cm == null || cm.getData() == null ? Map.of() : cm.getData();
      if (Protocol.STATE_DONE.equals(data.get(Protocol.STATE_KEY))
          && p.getMetadata().getName().equals(data.get(Protocol.POD_KEY))) {
        continue; // it published its result before it failed: nothing is lost
      }
      if (failedBeforeStart(status, p, data)) {
        continue; // it failed while preparing and was replaced in time: nothing is lost
      }
      String message = "pod " + p.getMetadata().getName() + " (" + slot + ") failed after the start: "
          + PodDiagnosis.failure(p).replaceFirst("^pod \\S+: ?", "") + "; what it measured is lost (partial); the "
          + "Job retries index " + index + ", and a replacement that starts late is left out of results";
      Fault f = new Fault(Fault.LOST_WHILE_MEASURING, p.getMetadata().getName(), placement, Integer.valueOf(index),
          message);
      f.setExcluded(true);
      known.add(f);
      said.add(message);
    }
    if (!said.isEmpty()) {
      Faults.record(run, known);
      run.event(EventReason.RunnerLost, Listing.of(said));
      RunContext.LOG.warn("{} runner(s) lost while running: {}", run.log(), said);
    }
  }

  /**
   * A pod that failed before the start instant was published (it ended before every runner was ready, so the
   * barrier waited for its replacement), or that its replacement recorded as before-start: a retry that cost
   * nothing. Once the instant is published a replacement can only start late, so a later failure is a loss.
   */
  static boolean failedBeforeStart(BenchmarkRunStatus status, Pod p, Map<String, String> resultData) {
    String replaced = resultData.getOrDefault(Protocol.REPLACED_KEY, "");
    if (replaced.lines().anyMatch(l -> l.equals(p.getMetadata().getName() + " " + Protocol.REPLACED_BEFORE_START))) {
      return true;
    }
    Condition ready = status.condition(Conditions.RUNNERS_READY);
    Instant ended = PodDiagnosis.finishedAt(p);
    if (ready == null || !"True".equals(ready.getStatus()) || ready.getLastTransitionTime() == null || ended == null) {
      return false;
    }
    try {
      return ended.isBefore(Instant.parse(ready.getLastTransitionTime()));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
