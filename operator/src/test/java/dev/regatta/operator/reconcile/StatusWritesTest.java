package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.reconcile.status.StatusThrottle;
import dev.regatta.kubesim.Component;
import dev.regatta.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * At scale every pod event can change the pod counts in status; those writes are coalesced (at most one per
 * {@link StatusThrottle#DEFAULT_INTERVAL} while Starting or Running), while phase changes go out at once.
 */
class StatusWritesTest {
  private static final int PODS = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String run(String name) {
    return """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata:
          name: %s
          namespace: %s
        spec:
          placements:
            - {name: a, pods: %d, region: eu-west-1}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", key: blob}
              duration: 10s
          startDelay: 100ms
          startTimeout: 5m
          timeout: 30m
          ttlAfterFinished: 1h
        """.formatted(name, Harness.NS, PODS);
  }

  @Test
  void manyPodEventsInRunningGiveABoundedNumberOfStatusWrites() {
    try (Harness h = new Harness()) {
      h.cluster.startOperator();
      h.create(run("many"));
      h.awaitPhase("many", Phase.Starting);
      List<Pod> pods = h.startAll("many");
      BenchmarkRun running = h.awaitPhase("many", Phase.Running);
      h.cluster.takeRequests();
      long t0 = System.nanoTime();

      // Two events per pod (its result ConfigMap says done, the pod exits), each changing the counts. The Job
      // controller is behind (paused): the Job completes only when it catches up.
      h.controlPlane.pause(Component.JOB_CONTROLLER);
      for (Pod p : pods) {
        h.runners.runnerDone(p, h.document(running, p));
        h.runners.exit(p, 0, "");
      }
      // The coalesced counts are not lost: the final ones arrive without any further event.
      Harness.await("the final pod counts in status while Running").untilAsserted(() -> {
        BenchmarkRunStatus st = h.get("many").getStatus();
        assertTrue(st.getPhase() == Phase.Running && (PODS + "/" + PODS).equals(st.getPodSummary())
            && st.getPods().getSucceeded() == PODS, () -> String.valueOf(h.get("many").getStatus()));
      });
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<RecordedRequest> requests = h.cluster.takeRequests();
      long writes = requests.stream().filter(StatusWritesTest::isStatusWrite).count();
      long podEvents = requests.stream().filter(r -> !"GET".equals(r.getMethod())
          && (r.getPath().contains("/pods/") || r.getPath().contains("/configmaps/many-result-"))).count();
      // One write may be due at once, then at most one per interval, plus the final one.
      long bound = 2 + (long) Math.ceil(seconds / StatusThrottle.DEFAULT_INTERVAL.toSeconds());
      assertTrue(podEvents >= 2L * PODS, "the test produced " + podEvents + " pod/result changes");
      assertTrue(writes <= bound, writes + " status writes for " + podEvents + " pod/result changes in "
          + String.format("%.1f", seconds) + "s; at most " + bound + " expected");

      // Phase changes are not held back: Collecting and Succeeded follow the Job's completion.
      h.controlPlane.resume(Component.JOB_CONTROLLER);
      BenchmarkRun done = h.awaitPhase("many", Phase.Succeeded);
      assertEquals(PODS, done.getStatus().getPods().getResults());
      assertTrue(h.phases().containsAll(List.of(Phase.Running, Phase.Collecting, Phase.Succeeded)), h.phases().toString());
    }
  }

  private static boolean isStatusWrite(RecordedRequest r) {
    return ("PUT".equals(r.getMethod()) || "PATCH".equals(r.getMethod()))
        && r.getPath().startsWith("/apis/regatta.dev/v1alpha1/namespaces/" + Harness.NS + "/benchmarkruns/many/status");
  }

  @Test
  void onlyPodCountChangesAreCountOnly() {
    BenchmarkRunStatus a = new BenchmarkRunStatus();
    a.setPhase(Phase.Running);
    a.setPodSummary("1/40");
    BenchmarkRunStatus.PodCounts c = new BenchmarkRunStatus.PodCounts();
    c.setSucceeded(1);
    a.setPods(c);
    Conditions.set(a, Conditions.RUNNERS_READY, false, "Waiting", "1/40 runners ready", 1L, Instant.EPOCH);
    JsonNode before = JSON.valueToTree(a);

    a.setPodSummary("2/40");
    a.getPods().setSucceeded(2);
    Conditions.set(a, Conditions.RUNNERS_READY, false, "Waiting", "2/40 runners ready", 1L, Instant.EPOCH);
    assertTrue(StatusThrottle.countsOnly(before, JSON.valueToTree(a)));

    BenchmarkRunStatus failed = JSON.convertValue(a, BenchmarkRunStatus.class);
    Conditions.set(failed, Conditions.RUNNERS_READY, false, "StartTimeout", "1 of 40 not ready", 1L, Instant.EPOCH);
    assertFalse(StatusThrottle.countsOnly(before, JSON.valueToTree(failed)), "a failure is never deferred");

    BenchmarkRunStatus next = JSON.convertValue(a, BenchmarkRunStatus.class);
    next.setPhase(Phase.Collecting);
    assertFalse(StatusThrottle.countsOnly(before, JSON.valueToTree(next)), "a phase change is never deferred");

    BenchmarkRunStatus completed = JSON.convertValue(a, BenchmarkRunStatus.class);
    Conditions.set(completed, Conditions.COMPLETED, false, "JobFailed", "pod a-0 exited 1", 1L, Instant.EPOCH);
    assertFalse(StatusThrottle.countsOnly(before, JSON.valueToTree(completed)), "a new condition is never deferred");
  }

  @Test
  void aCountOnlyChangeIsDueOneIntervalAfterTheLastWrite() {
    StatusThrottle t = new StatusThrottle(Duration.ofSeconds(5));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(now, t.dueAt("ns/r", now), "never written (e.g. after a restart): at once");
    t.wrote("ns/r", now);
    assertEquals(now.plusSeconds(5), t.dueAt("ns/r", now.plusSeconds(1)));
    assertEquals(now.plusSeconds(2), t.dueAt("ns/other", now.plusSeconds(2)), "runs are spaced independently");
    t.forget("ns/r");
    assertEquals(now.plusSeconds(1), t.dueAt("ns/r", now.plusSeconds(1)));
  }
}
