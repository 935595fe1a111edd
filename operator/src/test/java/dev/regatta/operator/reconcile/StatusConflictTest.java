package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A status write answered 409 (the run changed since the reconcile read it, as a cluster answers an update with
 * an old resourceVersion) loses no step and takes none twice. The mock API does not check resourceVersion on
 * /status, so the conflict is scripted; the change that caused it is made by the test.
 */
class StatusConflictTest {
  private static final String STATUS_PATH = "/apis/regatta.dev/v1alpha1/namespaces/" + Harness.NS
      + "/benchmarkruns/%s/status";

  private static void conflictOnFirstStatusWrite(Harness h, String run) {
    h.cluster.server().expect().put().withPath(STATUS_PATH.formatted(run))
        .andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
            .withMessage("Operation cannot be fulfilled on benchmarkruns \"" + run + "\": the object has been "
                + "modified; please apply your changes to the latest version and try again (scripted by the test)")
            .build())
        .once();
  }

  /** Returns once the operator has sent a status write for {@code run} (the scripted 409 answered it). */
  private static void awaitStatusWrite(Harness h, String run, List<RecordedRequest> seen) {
    Harness.await("a status write of " + run).until(() -> {
      seen.addAll(h.cluster.takeRequests());
      return statusWrites(seen, run) > 0;
    });
  }

  private static long statusWrites(List<RecordedRequest> requests, String run) {
    String path = STATUS_PATH.formatted(run);
    return requests.stream().filter(r -> "PUT".equals(r.getMethod()) && r.getPath().startsWith(path)).count();
  }

  private static Map<String, Long> eventsByReason(Harness h, String run) {
    return h.events(run).stream().collect(Collectors.groupingBy(Event::getReason, Collectors.counting()));
  }

  @Test
  void aConflictFromAnEditOfTheRunIsRetriedWithTheSameStatus() {
    try (Harness h = new Harness()) {
      conflictOnFirstStatusWrite(h, "edited");
      h.cluster.startOperator();
      h.create(Harness.threeGroups("edited"));
      List<RecordedRequest> requests = new ArrayList<>();
      awaitStatusWrite(h, "edited", requests);
      // What made the write conflict: somebody labelled the run (its status is as the operator read it).
      h.runs().withName("edited").edit(r -> {
        r.getMetadata().setLabels(Map.of("team", "storage"));
        return r;
      });
      BenchmarkRun starting = h.awaitPhase("edited", Phase.Starting);
      assertEquals("storage", starting.getMetadata().getLabels().get("team"), "the edit is kept");
      assertEquals(List.of(Phase.Pending, Phase.Starting), h.phases());
      Harness.await("the Starting Event").until(() -> eventsByReason(h, "edited").containsKey("Starting"));
      assertEquals(Map.of("Accepted", 1L, "Starting", 1L), eventsByReason(h, "edited"),
          "each step once: the accept step's write was retried, not lost, and not taken again");
      requests.addAll(h.cluster.takeRequests());
      assertTrue(statusWrites(requests, "edited") >= 3, "the 409, its retry and Starting: " + requests);
    }
  }

  @Test
  void aConflictFromAnotherStatusMakesTheStepStartAgainFromIt() {
    try (Harness h = new Harness()) {
      conflictOnFirstStatusWrite(h, "raced");
      h.cluster.startOperator();
      h.create(Harness.threeGroups("raced"));
      List<RecordedRequest> requests = new ArrayList<>();
      awaitStatusWrite(h, "raced", requests);
      // Somebody else wrote status meanwhile: the accept step was decided on a status that is no longer there.
      BenchmarkRun r = h.get("raced");
      BenchmarkRunStatus other = new BenchmarkRunStatus();
      other.setMessage("written by somebody else");
      r.setStatus(other);
      h.runs().resource(r).updateStatus();

      BenchmarkRun starting = h.awaitPhase("raced", Phase.Starting);
      assertTrue(starting.getStatus().getMessage().startsWith("created 3 Job(s)"), starting.getStatus().getMessage());
      assertEquals(List.of(Phase.Pending, Phase.Starting), h.phases());
      Harness.await("the Starting Event").until(() -> eventsByReason(h, "raced").containsKey("Starting"));
      assertEquals(Map.of("Accepted", 1L, "Starting", 1L), eventsByReason(h, "raced"),
          "the step decided on the old status said nothing; the one taken again said it once");
      requests.addAll(h.cluster.takeRequests());
      assertTrue(statusWrites(requests, "raced") >= 3, "the 409, the step again and Starting: " + requests);
    }
  }
}
