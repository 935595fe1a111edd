package dev.regatta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.protocol.Protocol;
import org.junit.jupiter.api.Test;

/**
 * `regatta abort RUN` against an API server (fabric8's mock in CRUD mode) through a kubeconfig: it sets the abort
 * annotation with the reason on a run that is still going, and changes nothing on one that has ended.
 */
class AbortCommandTest extends MockClusterTest {
  /** A run real runs wrote (src/test/resources/runs), stored in namespace ci in this phase. */
  private BenchmarkRun stored(String fixture, Phase phase) throws Exception {
    BenchmarkRun r = captured(fixture);
    r.getStatus().setPhase(phase);
    return client.resources(BenchmarkRun.class).inNamespace("ci").resource(r).create();
  }

  private BenchmarkRun read(String name) {
    return client.resources(BenchmarkRun.class).inNamespace("ci").withName(name).get();
  }

  @Test
  void aRunningRunIsAnnotatedWithTheReason() throws Exception {
    stored("thresholds", Phase.Running);
    assertEquals(AbortCommand.REQUESTED, regatta("abort", "thresholds", "--reason", "wrong target"), err.toString());
    BenchmarkRun r = read("thresholds");
    assertEquals("wrong target", r.getMetadata().getAnnotations().get(Protocol.ABORT_ANNOTATION));
    assertEquals(Phase.Running, r.getStatus().getPhase(), "the operator ends it, not the command");
    assertTrue(out.toString().startsWith("ci/thresholds: abort requested (wrong target)"), out.toString());
  }

  @Test
  void aFinishedRunIsLeftUnchangedWithAClearMessage() throws Exception {
    for (Phase phase : new Phase[] {Phase.Succeeded, Phase.Failed, Phase.Collecting}) {
      String name = "tight";
      client.resources(BenchmarkRun.class).inNamespace("ci").withName(name).delete();
      String version = stored(name, phase).getMetadata().getResourceVersion();
      assertEquals(AbortCommand.ENDED, regatta("abort", name));
      BenchmarkRun r = read(name);
      assertNull(r.getMetadata().getAnnotations() == null ? null
          : r.getMetadata().getAnnotations().get(Protocol.ABORT_ANNOTATION), phase.name());
      assertEquals(version, r.getMetadata().getResourceVersion(), "nothing written");
    }
    assertTrue(out.toString().contains("ci/tight has already ended (Succeeded): nothing to abort, nothing changed"),
        out.toString());
    assertTrue(out.toString().contains("ci/tight has already stopped measuring (Collecting)"), out.toString());
  }

  @Test
  void aMissingRunAndBadUsageAreTold() {
    assertEquals(AbortCommand.ERROR, regatta("abort", "nosuch"));
    assertTrue(err.toString().contains("abort: no BenchmarkRun 'nosuch' in namespace ci"), err.toString());
    assertEquals(2, regatta("abort", "nosuch", "--reason", "x".repeat(AbortCommand.MAX_REASON + 1)));
    assertEquals(2, regatta("abort"), "RUN is required");
  }
}
