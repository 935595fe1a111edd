package dev.regatta.operator.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Reason column of `kubectl describe benchmarkrun`: one name per cause, its type fixed with it. */
class EventReasonTest {
  @Test
  void everyFaultTypeIsAReasonOfItsOwn() {
    for (String type : List.of(Fault.LOST_WHILE_MEASURING, Fault.LATE_START, Fault.SIDECAR_RESTARTED,
        Fault.NO_OPERATIONS, Fault.NO_SUCCESS)) {
      Optional<EventReason> r = EventReason.named(type);
      assertTrue(r.isPresent(), type + " has no Event reason");
      assertEquals(EventReason.Type.Warning, r.get().type(), type);
    }
    assertEquals(Optional.empty(), EventReason.named("Bogus"));
  }

  @Test
  void onlyTheWayThroughThePhasesIsNormal() {
    List<EventReason> normal = List.of(EventReason.values()).stream()
        .filter(r -> r.type() == EventReason.Type.Normal).toList();
    assertEquals(List.of(EventReason.Accepted, EventReason.Starting, EventReason.Running, EventReason.Collecting,
        EventReason.Succeeded, EventReason.Cleaned), normal);
  }
}
