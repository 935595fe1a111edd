package dev.regatta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Progress;
import dev.regatta.api.v1alpha1.RegionProgress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `regatta watch RUN` against fabric8's mock API in CRUD mode: while the run is Running, a line per progress update
 * with the fleet's figures; when it ends, the table of its merged rows and the exit code `wait` would give.
 */
class WatchCommandTest extends MockClusterTest {
  private static BenchmarkRunStatus runningStatus(Progress p) {
    BenchmarkRunStatus s = new BenchmarkRunStatus();
    s.setPhase(Phase.Running);
    s.setMessage("3/3 runners measuring");
    s.setProgress(p);
    return s;
  }

  private static Progress progress(String elapsed, double perSecond, long p50, long p99, long count, long errors) {
    Progress p = new Progress();
    p.setElapsed(elapsed);
    p.setExpected("2m");
    p.setScenario("get");
    p.setParams(Map.of("valueSize", "64"));
    p.setRepeat(1);
    p.setThroughputPerSecond(perSecond);
    p.setMegabytesPerSecond(perSecond * 64 / 1e6);
    p.setP50Micros(p50);
    p.setP99Micros(p99);
    p.setRunP99Micros(p99 + 100);
    p.setCount(count);
    p.setErrors(errors);
    p.setDropped(0L);
    p.setPodsReporting(3);
    p.setPodsExpected(3);
    return p;
  }

  private static RegionProgress region(String name, double perSecond, long p50, long p99, long errors, int pods) {
    RegionProgress r = new RegionProgress();
    r.setRegion(name);
    r.setThroughputPerSecond(perSecond);
    r.setMegabytesPerSecond(perSecond * 64 / 1e6);
    r.setP50Micros(p50);
    r.setP99Micros(p99);
    r.setErrors(errors);
    r.setDropped(0L);
    r.setPodsReporting(pods);
    return r;
  }

  /** Waits (bounded) until the output holds {@code text}. */
  private void printed(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never printed " + text + "; printed:\n" + out + "\nerr:\n" + err);
      }
      Thread.sleep(20);
    }
  }

  private BenchmarkRun update(BenchmarkRun r, BenchmarkRunStatus s) {
    BenchmarkRun current = client.resources(BenchmarkRun.class).inNamespace("ci").withName(r.getMetadata().getName())
        .get();
    current.setStatus(s);
    return client.resources(BenchmarkRun.class).inNamespace("ci").resource(current).update();
  }

  @Test
  void aLineForEachProgressUpdateThenTheFinalTableAndTheVerdict() throws Exception {
    BenchmarkRun captured = captured("thresholds");
    BenchmarkRunStatus finalStatus = captured.getStatus();
    captured.setStatus(runningStatus(progress("10s", 40_000, 267, 6_107, 400_000, 0)));
    client.resources(BenchmarkRun.class).inNamespace("ci").resource(captured).create();

    CompletableFuture<Integer> watched = CompletableFuture.supplyAsync(() -> regatta("watch", "thresholds"));
    printed("Running 10s of ~2m, ETA 1m50s | get valueSize=64 repeat 1 | 40.0k ops/s 2.56 MB/s | p50 267us p99 6.11ms "
        + "(so far p99 6.21ms) | 400000 ops, 0 errors, 0 dropped | pods 3/3\n");

    Progress regional = progress("20s", 12_500, 300, 1_020_000, 525_000, 7);
    regional.setByRegion(List.of(region("eu-west-1", 8_000, 290, 1_020_000, 7, 2),
        region("us-east-1", 4_500, 310, 2_100, 0, 1)));
    update(captured, runningStatus(regional));
    printed("Running 20s of ~2m, ETA 1m40s | get valueSize=64 repeat 1 | 12.5k ops/s 0.80 MB/s | p50 300us p99 1.02s");
    assertTrue(out.toString().contains("| 525000 ops, 7 errors, 0 dropped | pods 3/3\n"
        + "    eu-west-1: 8.0k ops/s 0.51 MB/s | p50 290us p99 1.02s | 7 errors, 0 dropped | pods 2\n"
        + "    us-east-1: 4.5k ops/s 0.29 MB/s | p50 310us p99 2.10ms | 0 errors, 0 dropped | pods 1\n"),
        "a line per region under the fleet's:\n" + out);

    update(captured, finalStatus);
    assertEquals(WaitCommand.PASSED, watched.get(60, TimeUnit.SECONDS), err.toString());
    String all = out.toString();
    assertTrue(all.startsWith("watching ci/thresholds"), all);
    int table = all.indexOf("SCENARIO  PARAMS  REGION");
    assertTrue(table > all.indexOf("p99 1.02s"), "the table comes after the live lines:\n" + all);
    assertTrue(all.matches("(?s).*\nget       -       all        3     .*6\\.11ms .*"), all);
    assertTrue(all.matches("(?s).*\nget       -       eu-west-1  2     .*5\\.99ms .*"), all);
    assertTrue(all.contains("ci/thresholds: Succeeded, thresholds Passed 4/4\n"), all);
    assertEquals(2, all.split("\nRunning ", -1).length - 1, "one line per update, none repeated:\n" + all);
  }

  @Test
  void aMissedThresholdExitsOneAsWaitDoes() throws Exception {
    BenchmarkRun captured = captured("tight");
    BenchmarkRunStatus finalStatus = captured.getStatus();
    captured.setStatus(runningStatus(progress("5s", 1_000, 200, 4_000, 5_000, 0)));
    client.resources(BenchmarkRun.class).inNamespace("ci").resource(captured).create();
    CompletableFuture<Integer> watched = CompletableFuture.supplyAsync(() -> regatta("watch", "tight"));
    printed("Running 5s of ~2m");
    update(captured, finalStatus);
    assertEquals(WaitCommand.THRESHOLDS_FAILED, watched.get(60, TimeUnit.SECONDS), err.toString());
    assertTrue(out.toString().contains("  FAIL p99 < 10us: 4.22ms on get\n"), out.toString());
  }

  @Test
  void aRunDeletedWhileWatchedOrMissingIsAnError() throws Exception {
    assertEquals(WaitCommand.ERROR, regatta("watch", "nosuch"));
    assertTrue(err.toString().contains("watch: no BenchmarkRun 'nosuch' in namespace ci"), err.toString());

    BenchmarkRun captured = captured("thresholds");
    captured.setStatus(runningStatus(null));
    client.resources(BenchmarkRun.class).inNamespace("ci").resource(captured).create();
    CompletableFuture<Integer> watched = CompletableFuture.supplyAsync(() -> regatta("watch", "thresholds"));
    printed("Running: 3/3 runners measuring\n");
    // the first line may come from the watch's initial list before its watch is open, and the mock API does not
    // replay a delete made in between: an update seen proves the watch is open before the delete is made
    BenchmarkRunStatus still = runningStatus(null);
    still.setMessage("2/3 runners measuring");
    update(captured, still);
    printed("Running: 2/3 runners measuring\n");
    client.resources(BenchmarkRun.class).inNamespace("ci").withName("thresholds").delete();
    assertEquals(WaitCommand.ERROR, watched.get(60, TimeUnit.SECONDS));
    assertTrue(err.toString().contains("watch: ci/thresholds was deleted before it ended"), err.toString());
  }

  @Test
  void badUsageIsTwo() {
    assertEquals(2, regatta("watch"));
    assertEquals(2, regatta("watch", "thresholds", "--timeout", "-1s"));
  }
}
