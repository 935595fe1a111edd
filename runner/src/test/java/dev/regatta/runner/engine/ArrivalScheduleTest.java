package dev.regatta.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
  @Test
  void constantRateSpacesSlotsEvenlyAfterTheWarmup() {
    ArrivalSchedule s = ArrivalSchedule.of(Load.open(100, 5), Duration.ofSeconds(1), Duration.ofSeconds(3), null);
    assertEquals(100, s.totalSlots() - s.measuredSlots());
    assertEquals(300, s.measuredSlots());
    assertEquals(1_000_000_000L, s.intendedNanos(100));
    assertEquals(1_010_000_000L, s.intendedNanos(101));
    assertTrue(!s.isMeasured(99) && s.isMeasured(100));
  }

  @Test
  void rampStagesFollowTheIntegralOfTheRate() {
    Load l = new Load();
    l.setModel(Load.Model.OPEN);
    l.setStages(List.of(new Stage("10s", 100), new Stage("10s", 100)));
    ArrivalSchedule s = ArrivalSchedule.of(l, Duration.ZERO, null, null);
    // ramp 0 -> 100/s over 10 s carries 500 requests, then 10 s at 100/s carries 1000
    assertEquals(1500, s.measuredSlots());
    assertEquals(20_000_000_000L, s.measuredNanos());
    // A(t) = 5 t^2 in the ramp: slot 125 at 5 s, slot 500 at the stage boundary
    assertEquals(5_000_000_000L, s.intendedNanos(125), 1_000);
    assertEquals(10_000_000_000L, s.intendedNanos(500), 1_000);
    assertEquals(15_000_000_000L, s.intendedNanos(1000), 1_000);
    for (long k = 1; k < s.measuredSlots(); k++) {
      assertTrue(s.intendedNanos(k) >= s.intendedNanos(k - 1), "slots are in time order");
    }
  }
}
