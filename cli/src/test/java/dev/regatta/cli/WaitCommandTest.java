package dev.regatta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `regatta wait RUN` against an API server (fabric8's mock in CRUD mode, as local mode serves it) through a
 * kubeconfig, with runs whose status real runs wrote (src/test/resources/runs/README.md): the exit code is the
 * verdict a CI script acts on.
 */
class WaitCommandTest extends MockClusterTest {
  /** A captured run, stored in namespace ci. */
  private BenchmarkRun stored(String fixture) throws Exception {
    BenchmarkRun r = captured(fixture);
    return client.resources(BenchmarkRun.class).inNamespace("ci").resource(r).create();
  }

  @Test
  void aRunWhoseThresholdsHeldExitsZeroAndPrintsEachCriterion() throws Exception {
    stored("thresholds");
    assertEquals(WaitCommand.PASSED, regatta("wait", "thresholds"), err.toString());
    String printed = out.toString();
    assertTrue(printed.startsWith("ci/thresholds: Succeeded, thresholds Passed 4/4\n"), printed);
    assertTrue(printed.contains("  ok   p99 < 250ms: 6.11ms on get\n"), printed);
    assertTrue(printed.contains("  ok   p99 < 250ms [each region]: 6.28ms on get region=us-east-1\n"), printed);
  }

  @Test
  void aMissedThresholdExitsOneNamingItAndItsValue() throws Exception {
    stored("tight");
    assertEquals(WaitCommand.THRESHOLDS_FAILED, regatta("wait", "tight"));
    assertTrue(out.toString().startsWith("ci/tight: Failed (ThresholdsFailed), thresholds Failed 3/4\n"), out.toString());
    assertTrue(out.toString().contains("  FAIL p99 < 10us: 4.22ms on get\n"), out.toString());
  }

  /** Aborted on a live breach (abortOnFail): a missed bar, not a broken run; the unjudged criteria marked so. */
  @Test
  void aRunAbortedOnALiveBreachExitsOneNamingTheBreach() throws Exception {
    stored("breached");
    assertEquals(WaitCommand.THRESHOLDS_FAILED, regatta("wait", "breached"), err.toString());
    String printed = out.toString();
    assertTrue(printed.startsWith("ci/breached: Failed (Aborted), thresholds Aborted: p99 < 1ms\n"), printed);
    assertTrue(printed.contains("\n  FAIL p99 < 1ms: "), printed);
    assertTrue(printed.contains("\n  --   p99 < 10s: not judged: the run was aborted on a live breach of 'p99 < 1ms'"),
        printed);
  }

  @Test
  void aRunThatFailedForAnotherCauseHasNoVerdict() throws Exception {
    stored("broken");
    assertEquals(WaitCommand.ERROR, regatta("wait", "broken"));
    assertTrue(out.toString().startsWith("ci/broken: Failed (JobFailed)\n"), out.toString());
    assertTrue(err.toString().contains("wait: the run failed: Job broken-eu-west failed"), err.toString());
  }

  @Test
  void aRunThatDoesNotExistIsAnErrorNotAWaitForever() {
    assertEquals(WaitCommand.ERROR, regatta("wait", "nosuch"));
    assertTrue(err.toString().contains("wait: no BenchmarkRun 'nosuch' in namespace ci"), err.toString());
    assertEquals(WaitCommand.ERROR, regatta("wait", "thresholds", "-n", "elsewhere"),
        "the namespace given wins over the context's");
  }

  @Test
  void aRunStillRunningAtTheTimeoutIsAnError() throws Exception {
    BenchmarkRun running = stored("thresholds");
    running.getStatus().setPhase(Phase.Running);
    client.resources(BenchmarkRun.class).inNamespace("ci").resource(running).update();
    assertEquals(WaitCommand.ERROR, regatta("wait", "thresholds", "--timeout", "1s"));
    assertTrue(err.toString().contains("wait: ci/thresholds did not end within 1s (phase Running)"), err.toString());
  }

  @Test
  void theVerdictOfARunThatEndsWhileWaitingIsItsExitCode() throws Exception {
    BenchmarkRun tight = stored("tight");
    Phase end = tight.getStatus().getPhase();
    tight.getStatus().setPhase(Phase.Collecting);
    BenchmarkRun collecting = client.resources(BenchmarkRun.class).inNamespace("ci").resource(tight).update();
    CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> regatta("wait", "tight", "--timeout", "5m"));
    collecting.getStatus().setPhase(end);
    client.resources(BenchmarkRun.class).inNamespace("ci").resource(collecting).update();
    assertEquals(WaitCommand.THRESHOLDS_FAILED, waited.get(5, TimeUnit.MINUTES), err.toString());
  }

  @Test
  void badUsageIsTwo() {
    assertEquals(2, regatta("wait"));
    assertEquals(2, regatta("wait", "thresholds", "--timeout", "soon"));
    assertTrue(err.toString().contains("--timeout: 'soon' is not a positive Go-style duration"), err.toString());
  }
}
