package dev.regatta.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.Stage;
import dev.regatta.result.LatencySummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The open model's scheduling on virtual time (no sleeps): what is sent when, what waits in the histogram,
 * what is dropped, and that every scheduled request is accounted for.
 */
class OpenLoopTest {
  private static final long MS = 1_000_000;
  private static final long TIMEOUT = Duration.ofSeconds(10).toNanos();

  private static Window run(VirtualTime time, SimulatedServer server, int connections, Load load, Duration warmup,
      Duration duration) throws Exception {
    ArrivalSchedule schedule = ArrivalSchedule.of(load, warmup, duration, null);
    return EventLoopDriver.open(server.connections(connections), schedule, TIMEOUT, null, time.timing());
  }

  private static LatencySummary latency(Window w) {
    return LatencySummary.of(w.total().histogram());
  }

  @Test
  void aHealthyTargetGetsEverySlotOnTimeAndLatencyIsTheServiceTime() throws Exception {
    VirtualTime time = new VirtualTime();
    SimulatedServer server = new SimulatedServer(time, 5 * MS);
    Window w = run(time, server, 20, Load.open(200, 20), Duration.ofMillis(500), Duration.ofSeconds(4));
    assertEquals(800, w.total().count());
    assertEquals(0, w.total().dropped());
    assertEquals(900, server.received.size(), "100 warm-up requests were sent, not counted");
    // every request went out at its intended time: slot j at j x 5 ms
    long first = server.received.get(0);
    for (int j = 0; j < server.received.size(); j++) {
      assertEquals(j * 5 * MS, server.received.get(j) - first, "request " + j);
    }
    assertEquals(5_000, latency(w).getP50(), 5);
    assertEquals(5_000, latency(w).getMax(), 5);
    assertEquals(4.0, w.seconds());
  }

  @Test
  void aOneSecondStallShowsInTheTailAndNothingIsLost() throws Exception {
    VirtualTime time = new VirtualTime();
    SimulatedServer server = new SimulatedServer(time, 5 * MS).stall(1500 * MS, 1000 * MS);
    Window w = run(time, server, 20, Load.open(200, 20), Duration.ZERO, Duration.ofSeconds(4));
    // 200 requests were due during the stall; 20 were in flight, the rest waited for a connection, in the
    // histogram from their intended time, and all were sent within the 1 s drop bound
    assertEquals(800, w.total().count() + w.total().dropped(), "count + dropped == rate x duration");
    assertEquals(0, w.total().dropped());
    LatencySummary l = latency(w);
    assertTrue(l.getMax() >= 995_000 && l.getMax() <= 1_010_000, "the first stalled request waited 1 s: " + l.getMax());
    assertTrue(l.getP99() >= 900_000, "p99 " + l.getP99());
    assertTrue(l.getP90() >= 400_000, "p90 " + l.getP90());
    assertEquals(5_000, l.getP50(), 5, "most requests were fast");
  }

  @Test
  void requestsThatCannotGetAConnectionWithinTheBoundAreDroppedAndCounted() throws Exception {
    VirtualTime time = new VirtualTime();
    SimulatedServer server = new SimulatedServer(time, 5 * MS).stall(1000 * MS, 3000 * MS);
    Window w = run(time, server, 20, Load.open(200, 20), Duration.ZERO, Duration.ofSeconds(6));
    assertEquals(1200, w.total().count() + w.total().dropped(), "count + dropped == rate x duration");
    // 3 s of stall: the requests due in its first ~2 s beyond the 20 in flight waited past the bound
    assertTrue(w.total().dropped() >= 350 && w.total().dropped() <= 420, "dropped " + w.total().dropped());
    assertEquals(1200 - w.total().dropped(), server.received.size(), "a dropped request is never sent");
    assertEquals(0, w.total().errors());
    // what was sent after waiting waited at most the bound (plus its service time); the 20 caught in the
    // stall waited for the whole of it
    assertTrue(latency(w).getMax() <= 3_010_000, "max " + latency(w).getMax());
  }

  @Test
  void aSlowTargetQueuesRequestsInTheHistogramUntilTheDropBound() throws Exception {
    // one connection, a request every 10 ms, each taking 15 ms: the backlog grows 5 ms per request
    VirtualTime time = new VirtualTime();
    SimulatedServer server = new SimulatedServer(time, 15 * MS);
    Window w = run(time, server, 1, Load.open(100, 1), Duration.ZERO, Duration.ofSeconds(10));
    assertEquals(1000, w.total().count() + w.total().dropped());
    assertTrue(w.total().dropped() > 0);
    // the connection was never idle: everything it sent took 15 ms of service
    assertEquals(w.total().count(), server.received.size());
    LatencySummary l = latency(w);
    assertEquals(15_000, l.getMin(), 20, "the first request did not wait");
    assertTrue(l.getMax() >= 1_000_000 && l.getMax() <= 1_016_000, "waited up to the bound, then served: " + l.getMax());
  }

  @Test
  void aRampFollowsTheIntegralOfTheRate() throws Exception {
    VirtualTime time = new VirtualTime();
    SimulatedServer server = new SimulatedServer(time, 2 * MS);
    Load load = new Load();
    load.setModel(Load.Model.OPEN);
    load.setConnections(10);
    load.setStages(List.of(new Stage("10s", 100), new Stage("10s", 100)));
    Window w = EventLoopDriver.open(server.connections(10), ArrivalSchedule.of(load, Duration.ZERO, null, null),
        TIMEOUT, null, time.timing());
    assertEquals(1500, w.total().count());
    assertEquals(0, w.total().dropped());
    long first = server.received.get(0);
    // cumulative arrivals A(t) = 5 t^2 during the ramp, then 100/s
    assertEquals(125, server.received.stream().filter(t -> t - first < 5_000 * MS).count(), 1);
    assertEquals(500, server.received.stream().filter(t -> t - first < 10_000 * MS).count(), 1);
    assertEquals(1000, server.received.stream().filter(t -> t - first < 15_000 * MS).count(), 1);
    assertEquals(2_000, latency(w).getMax(), 5, "sent on time, so latency is the service time");
  }
}
