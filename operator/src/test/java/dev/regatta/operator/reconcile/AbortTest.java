package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The regatta.dev/abort annotation through the real operator: an annotation leaves the generation alone, yet the
 * request wakes the run at once; its Jobs are suspended and it ends Failed (Aborted) with what arrived merged.
 */
class AbortTest {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = new Harness();
    h.cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void anAbortAnnotationStopsARunningRunAndEndsItAborted() {
    String name = "stopme";
    h.create(Harness.threeGroups(name));
    h.awaitPhase(name, Phase.Starting);
    List<Pod> pods = h.startAll(name);
    BenchmarkRun running = h.awaitPhase(name, Phase.Running);
    Pod first = pods.get(0);
    h.runners.runnerDone(first, h.document(running, first));
    h.runners.exit(first, 0, "");

    h.client.resources(BenchmarkRun.class).inNamespace(Harness.NS).withName(name)
        .edit(r -> {
          r.getMetadata().getAnnotations().put(Protocol.ABORT_ANNOTATION, "target misconfigured");
          return r;
        });
    BenchmarkRunStatus s = h.awaitPhase(name, Phase.Failed).getStatus();
    assertEquals("Aborted", s.condition(Conditions.COMPLETED).getReason(), s.getMessage());
    assertTrue(s.getMessage().startsWith("aborted on request: 'target misconfigured' (in phase Running)"),
        s.getMessage());
    assertTrue(Boolean.TRUE.equals(s.getPartial()), "only what arrived is merged");
    for (Job j : h.jobs(name)) {
      assertTrue(Boolean.TRUE.equals(j.getSpec().getSuspend()) || j.getStatus() != null,
          "Job " + j.getMetadata().getName() + " stopped");
    }
    assertTrue(h.jobs(name).stream().anyMatch(j -> Boolean.TRUE.equals(j.getSpec().getSuspend())),
        "the runners still running were stopped");
  }
}
