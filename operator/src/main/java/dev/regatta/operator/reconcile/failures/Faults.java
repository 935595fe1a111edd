package dev.regatta.operator.reconcile.failures;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.steps.Listing;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** status.faults and the Degraded condition (docs/PROTOCOL.md, "Faults and what the status says"). */
public final class Faults {
  /** Degraded's reason: the gravest kind of fault present. */
  static final List<String> GRAVEST_FIRST = List.of(Fault.LOST_WHILE_MEASURING, Fault.LATE_START,
      Fault.SIDECAR_RESTARTED, Fault.NO_OPERATIONS, Fault.NO_SUCCESS, Fault.STOPPED_EARLY);

  private Faults() {}

  /**
   * Writes the faults into status (at most {@link BenchmarkRunStatus#MAX_FAULTS}) and the Degraded condition
   * counting them all; on the step that ends the run (completionTime set), a Warning Event says the same. A pod
   * lost while Running that the merge did not rediscover (its replacement never reported) stays on the list.
   */
  public static void record(RunContext run, List<Fault> found) {
    BenchmarkRunStatus status = run.status();
    List<Fault> all = new ArrayList<>(found);
    if (status.getFaults() != null) {
      for (Fault old : status.getFaults()) {
        if (all.stream().noneMatch(f -> Objects.equals(f.getPod(), old.getPod())
            && Objects.equals(f.getType(), old.getType()))) {
          all.add(old);
        }
      }
    }
    status.setFaults(all.isEmpty() ? null
        : new ArrayList<>(all.subList(0, Math.min(all.size(), BenchmarkRunStatus.MAX_FAULTS))));
    boolean ending = status.getCompletionTime() != null;
    if (all.isEmpty()) {
      if (ending) {
        Conditions.set(status, Conditions.DEGRADED, false, "NoFaults", "no fault touched the results: no runner "
            + "lost after the start, none late, no sidecar restarted, no point that measured nothing",
            run.generation(), run.now());
      }
      return;
    }
    String type = GRAVEST_FIRST.stream().filter(t -> all.stream().anyMatch(f -> t.equals(f.getType()))).findFirst()
        .orElse(all.get(0).getType());
    String message = all.size() + " fault(s): " + Listing.of(all.stream().map(Fault::getMessage).toList());
    Condition before = status.condition(Conditions.DEGRADED);
    Conditions.set(status, Conditions.DEGRADED, true, type, message, run.generation(), run.now());
    if (ending && (before == null || !Conditions.truncate(message).equals(before.getMessage()))) {
      run.event(reason(type), message);
    }
  }

  /** The Event reason of a fault type: its own for every type the operator reports (FaultsStepTest). */
  static EventReason reason(String faultType) {
    return EventReason.named(faultType).orElse(EventReason.Degraded);
  }
}
