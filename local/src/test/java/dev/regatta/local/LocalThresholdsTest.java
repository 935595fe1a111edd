package dev.regatta.local;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.Baseline;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.local.standins.TargetPlan;
import dev.regatta.runner.standin.HttpStandin;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.thresholds end to end in local mode: real runner JVMs against a loopback HTTP target that answers every
 * request after 3 ms. A loose p99 bound passes and the run succeeds; a tight one fails it (Failed,
 * ThresholdsFailed, a Warning naming the criterion and its value), and status.thresholds holds exactly the
 * figures of the merged row in status.results. The Argo CD health script is run on every version of these runs
 * the API served (each phase is its own status write), and on a refused and a broken run.
 */
class LocalThresholdsTest {
  private static final Duration DELAY = Duration.ofMillis(3);
  @TempDir
  static Path tmp;
  static HttpStandin target;
  static LocalCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    target = HttpStandin.withDelay(64, DELAY);
    cluster = LocalCluster.start(new LocalCluster.Settings(0, Repo.runnerJar(), tmp.resolve("work"), Zone.DEFAULT, 1,
        // a stopped runner writes what it measured between SIGTERM and SIGKILL (the abort test)
        Repo.redisServer(), 64 * 1024, Duration.ofSeconds(10)), new TargetPlan());
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (target != null) {
      target.close();
    }
  }

  /** Two pods, one per region, 2 connections each, for 2 s; with these lines under spec.thresholds. */
  static BenchmarkRun run(String name, String url, String thresholds) {
    return RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: %s, namespace: default}
        spec:
          placements:
            - {name: eu, pods: 1, region: eu-west-1}
            - {name: us, pods: 1, region: us-east-1}
          scenarios:
            - name: get
              http: {url: "%s"}
              load: {connections: 2}
              duration: 2s
          thresholds:
        %s  startDelay: 2s
          startTimeout: 4m
          timeout: 6m
        """.formatted(name, url, thresholds.lines().map(l -> "    " + l.strip() + "\n")
            .collect(java.util.stream.Collectors.joining())), "test").get(0);
  }

  @Test
  void aLooseP99BoundPassesATightOneFailsWithTheMergedRowsFigures() throws Exception {
    List<BenchmarkRun> served = Collections.synchronizedList(new ArrayList<>());
    var runs = client.resources(BenchmarkRun.class).inNamespace("default");
    try (Watch w = runs.watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, BenchmarkRun r) {
        if (List.of("loose", "tight").contains(r.getMetadata().getName())) {
          served.add(r);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      runs.resource(run("loose", target.url(), """
              - {expr: "p99 < 10s"}
              - {expr: "p50 >= 3ms", region: "*"}
              - {expr: "errorRate < 1%"}""")).create();
      runs.resource(run("tight", target.url(), """
              - {expr: "p99 < 10s"}
              - {expr: "p99 < 1ms"}""")).create();

      BenchmarkRunStatus ls = awaitEnd("loose").getStatus();
      assertEquals(Phase.Succeeded, ls.getPhase(), ls.getMessage());
      assertEquals("Passed 3/3", ls.getVerdict());
      assertEquals("True", condition(ls, "ThresholdsPassed").getStatus());
      ResultRow row = ls.getResults().get(0);
      assertEquals(row.getLatencyMicros().getP99().doubleValue(), ls.getThresholds().get(0).getObservedValue(),
          "status.thresholds holds the merged row's p99");
      ThresholdResult perRegion = ls.getThresholds().get(1);
      // (on a loaded machine a runner may start late and be left out of the rows: status.faults; then one region)
      assertEquals(row.getByRegion().size(), perRegion.getRows(), "each region judged on its own");
      double lowestRegionP50 = row.getByRegion().stream().mapToDouble(r -> r.getLatencyMicros().getP50()).min()
          .orElseThrow();
      assertEquals(lowestRegionP50, perRegion.getObservedValue(), "a lower bound reports the lowest region");
      assertTrue(perRegion.getObservedValue() >= DELAY.toNanos() / 1000, "the target's delay is in every latency");

      BenchmarkRunStatus ts = awaitEnd("tight").getStatus();
      assertEquals(Phase.Failed, ts.getPhase(), ts.getMessage());
      assertEquals("Failed 1/2", ts.getVerdict());
      assertEquals("ThresholdsFailed", condition(ts, "Completed").getReason());
      assertEquals("False", condition(ts, "ThresholdsPassed").getStatus());
      ResultRow tightRow = ts.getResults().get(0);
      ThresholdResult failed = ts.getThresholds().get(1);
      assertFalse(failed.getPassed());
      assertEquals(tightRow.getLatencyMicros().getP99().doubleValue(), failed.getObservedValue());
      assertEquals(tightRow.getCount().longValue(), tightRow.getByRegion().stream().mapToLong(ResultRow.RegionRow::getCount)
          .sum(), "the row is the fleet's: its regions merged");
      Event warning = await("the ThresholdsFailed Event").atMost(Duration.ofSeconds(30)).until(() -> client.v1()
          .events().inNamespace("default").list().getItems().stream()
          .filter(e -> "tight".equals(e.getInvolvedObject().getName()) && "ThresholdsFailed".equals(e.getReason()))
          .findFirst(), Optional::isPresent).get();
      assertEquals("Warning", warning.getType());
      assertTrue(warning.getMessage().contains("p99 < 1ms: " + failed.getObserved() + " on get"), warning.getMessage());
    }

    ArgoHealth.require();
    // Argo CD's view of every version of the two runs the API served: each phase was its own status write
    Set<String> seen = new LinkedHashSet<>();
    for (BenchmarkRun r : new ArrayList<>(served)) {
      Phase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
      ArgoHealth.Result health = ArgoHealth.of(r);
      String expected = phase == null || !phase.isFinished() ? "Progressing"
          : phase == Phase.Succeeded ? "Healthy" : "Degraded";
      assertEquals(expected, health.status(), r.getMetadata().getName() + " in " + phase + ": " + health.message());
      seen.add(r.getMetadata().getName() + ":" + phase);
      if (phase == Phase.Failed) {
        assertTrue(health.message().startsWith("thresholds Failed 1/2: threshold(s) failed (1 of 2): p99 < 1ms: "),
            health.message());
      }
      if (phase == Phase.Succeeded) {
        // the verdict, then the run's own message (which, on a loaded machine, may say a late runner was left out)
        assertEquals("thresholds Passed 3/3; " + r.getStatus().getMessage(), health.message());
      }
    }
    for (String phase : List.of("Pending", "Starting", "Running", "Collecting")) {
      assertTrue(seen.contains("loose:" + phase), "every phase was judged: " + seen);
    }
    assertTrue(seen.contains("loose:Succeeded") && seen.contains("tight:Failed"), seen.toString());
  }

  @Test
  void argoCdSeesARefusedRunAndABrokenRunAsDegradedWithTheCause() throws Exception {
    ArgoHealth.require();
    var runs = client.resources(BenchmarkRun.class).inNamespace("default");
    BenchmarkRun created = runs.resource(run("refused", target.url(), """
            - {expr: "p99 < 10s", region: mars-1}""")).create();
    assertEquals(new ArgoHealth.Result("Progressing", "waiting for the operator to accept the run"),
        ArgoHealth.of(created), "no status yet");
    runs.resource(run("broken", "http://127.0.0.1:1/", """
            - {expr: "p99 < 10s"}""")).create();

    BenchmarkRun refused = awaitEnd("refused");
    assertEquals("InvalidSpec", condition(refused.getStatus(), "Accepted").getReason());
    ArgoHealth.Result r = ArgoHealth.of(refused);
    assertEquals("Degraded", r.status());
    assertTrue(r.message().startsWith("refused (InvalidSpec): ") && r.message().contains("spec.thresholds[0].region"),
        r.message());

    BenchmarkRun broken = awaitEnd("broken");
    assertEquals(Phase.Failed, broken.getStatus().getPhase());
    assertEquals(null, broken.getStatus().getVerdict(), "a broken run is not judged");
    ArgoHealth.Result b = ArgoHealth.of(broken);
    assertEquals("Degraded", b.status());
    assertTrue(b.message().startsWith("failed (" + condition(broken.getStatus(), "Completed").getReason() + "): "),
        b.message());
  }

  /**
   * A baseline-relative bound, end to end: a labelled run against the 3 ms target is the baseline (picked by its
   * label); a run against the same target passes {@code p50 < 3 × baseline}, a run against a target 40 ms slow
   * fails it, each compared with the baseline's own merged row.
   */
  @Test
  void aRunAgainstASlowerTargetFailsItsBaselineRelativeBoundAndANotSlowerOnePasses() throws Exception {
    try (HttpStandin slow = HttpStandin.withDelay(64, Duration.ofMillis(40))) {
      var runs = client.resources(BenchmarkRun.class).inNamespace("default");
      BenchmarkRun base = run("nightly-base", target.url(), """
              - {expr: "p99 < 10s"}""");
      base.getMetadata().setLabels(Map.of("suite", "nightly"));
      runs.resource(base).create();
      BenchmarkRunStatus bs = awaitEnd("nightly-base").getStatus();
      assertEquals(Phase.Succeeded, bs.getPhase(), bs.getMessage());

      String relative = """
              - {expr: "p50 < 3 × baseline"}
              - {expr: "throughput > 0.25 * baseline"}""";
      for (String[] r : new String[][] {{"not-slower", target.url()}, {"slower", slow.url()}}) {
        BenchmarkRun today = run(r[0], r[1], relative);
        today.getSpec().setBaseline(Baseline.selector(Map.of("suite", "nightly")));
        runs.resource(today).create();
      }
      ResultRow baseRow = bs.getResults().get(0);

      BenchmarkRunStatus same = awaitEnd("not-slower").getStatus();
      assertEquals(Phase.Succeeded, same.getPhase(), same.getMessage());
      assertEquals("Passed 2/2", same.getVerdict());
      ThresholdResult p50 = same.getThresholds().get(0);
      assertEquals("nightly-base", p50.getBaseline(), "the latest Succeeded run with the label");
      assertEquals(baseRow.getLatencyMicros().getP50().doubleValue(), p50.getBaselineValue(),
          "compared with the baseline's own merged p50");
      assertEquals(same.getResults().get(0).getLatencyMicros().getP50().doubleValue(), p50.getObservedValue());
      assertEquals("True", condition(same, "BaselineCompared").getStatus());

      BenchmarkRunStatus slower = awaitEnd("slower").getStatus();
      assertEquals(Phase.Failed, slower.getPhase(), slower.getMessage());
      assertEquals("ThresholdsFailed", condition(slower, "Completed").getReason());
      assertEquals("Failed 0/2", slower.getVerdict(), slower.getMessage());
      ThresholdResult missed = slower.getThresholds().get(0);
      assertEquals(3 * baseRow.getLatencyMicros().getP50(), missed.getBoundValue(), 1e-6);
      assertTrue(missed.getObservedValue() >= 40_000, "the slow target's delay is in the latency: " + missed.getObserved());
      assertTrue(slower.getMessage().contains("p50 < 3 × baseline: " + missed.getObserved() + " on get (bound "
          + missed.getBound() + " from baseline nightly-base)"), slower.getMessage());
    }
  }

  /**
   * The abort annotation (what {@code regatta abort} writes) on a run measuring for 3 minutes: its runner processes
   * are stopped (the Jobs suspended) and it ends Failed with reason Aborted long before its measurement would.
   */
  @Test
  void anAbortRequestStopsARunningRunsRunnersAndEndsItAborted() {
    var runs = client.resources(BenchmarkRun.class).inNamespace("default");
    BenchmarkRun longRun = run("aborted", target.url(), """
            - {expr: "p99 < 10s"}""");
    longRun.getSpec().getScenarios().get(0).setDuration("3m");
    runs.resource(longRun).create();
    await("aborted to run").atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() ->
        runs.withName("aborted").get().getStatus().getPhase(), p -> p == Phase.Running || p.isFinished());
    long served = target.requests();
    await("the runners to measure").atMost(Duration.ofMinutes(1)).until(() -> target.requests() - served >= 100);
    // a merge patch without a resourceVersion, as kubectl annotate sends: a Running run's status is written every
    // few seconds (status.progress), which an edit's optimistic lock would race with
    runs.withName("aborted").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
        + dev.regatta.protocol.Protocol.ABORT_ANNOTATION + "\":\"target misconfigured\"}}}");
    BenchmarkRunStatus s = await("aborted to end").atMost(Duration.ofMinutes(2)).ignoreExceptions()
        .until(() -> runs.withName("aborted").get().getStatus(), st -> st.getPhase().isFinished());
    assertEquals(Phase.Failed, s.getPhase(), s.getMessage());
    assertEquals("Aborted", condition(s, "Completed").getReason(), s.getMessage());
    assertTrue(s.getMessage().startsWith("aborted on request: 'target misconfigured' (in phase Running)"),
        s.getMessage());
    assertEquals(null, s.getVerdict(), "an aborted run is not judged");
    // the runners were measuring: stopped by SIGTERM, they wrote what they measured, merged over the time measured
    double sinceStart = Duration.between(Instant.parse(s.getBarrier().getStartAt()), Instant.now()).toNanos() / 1e9;
    assertEquals(Boolean.TRUE, s.getPartial(), s.getMessage());
    ResultRow row = s.getResults().get(0);
    assertTrue(row.getCount() >= 100, "what the stopped runners measured is merged: " + row.getCount());
    assertTrue(row.getStoppedEarly() != null && row.getStoppedEarly() >= 1, "the row says its windows were cut: "
        + io.fabric8.kubernetes.client.utils.Serialization.asJson(s));
    assertTrue(row.getThroughputPerSecond() >= row.getCount() / sinceStart, "throughput over the time measured ("
        + row.getThroughputPerSecond() + "/s), not over the planned 3 minutes (" + row.getCount() / 180.0 + "/s)");
    assertTrue(s.getFaults().stream().anyMatch(f -> "StoppedEarly".equals(f.getType())
        && f.getMessage().contains("stopped (terminated)")), String.valueOf(s.getFaults()));
    await("the runner pods to stop").atMost(Duration.ofMinutes(1)).until(() -> client.pods().inNamespace("default")
        .withLabel(dev.regatta.protocol.Protocol.LABEL_RUN, "aborted").list().getItems().stream()
        .noneMatch(p -> "Running".equals(p.getStatus().getPhase())));
    assertTrue(client.batch().v1().jobs().inNamespace("default").withLabel(dev.regatta.protocol.Protocol.LABEL_RUN,
        "aborted").list().getItems().stream().allMatch(j -> Boolean.TRUE.equals(j.getSpec().getSuspend())),
        "every Job suspended");
  }

  /**
   * abortOnFail end to end, with 1 s live intervals: a run planned for 3 minutes whose every request takes 3 ms
   * breaches 'p99 < 1ms' from its first interval; it is judged only once the point has measured for its
   * delayAbortEval (2 s), then aborted: its runners stopped, what they measured merged (partial), Failed
   * with reason Aborted naming the criterion, the fleet's live value and the bound. A run beside it with loose
   * abortOnFail bounds finishes normally. (The operator renews progress every 10 s here: the abort does not wait
   * for it.)
   */
  @Test
  void aLiveBreachAfterItsDelayAbortsTheRunAndALooseBoundLetsItFinish() throws Exception {
    var runs = client.resources(BenchmarkRun.class).inNamespace("default");
    BenchmarkRun breached = run("breached", target.url(), """
            - {expr: "p99 < 10s"}
            - {expr: "p99 < 1ms", abortOnFail: true, delayAbortEval: 2s}""");
    breached.getSpec().getScenarios().get(0).setDuration("3m");
    breached.getSpec().setLiveInterval("1s");
    BenchmarkRun held = run("held", target.url(), """
            - {expr: "p99 < 10s", abortOnFail: true, delayAbortEval: 1s}
            - {expr: "errorRate < 50%", abortOnFail: true}""");
    held.getSpec().getScenarios().get(0).setDuration("5s");
    held.getSpec().setLiveInterval("1s");
    runs.resource(breached).create();
    runs.resource(held).create();

    BenchmarkRun ended = awaitEnd("breached");
    BenchmarkRunStatus s = ended.getStatus();
    assertEquals(Phase.Failed, s.getPhase(), s.getMessage());
    assertEquals("Aborted", condition(s, "Completed").getReason(), s.getMessage());
    ThresholdResult breach = s.getThresholds().get(1);
    assertFalse(breach.getPassed());
    assertTrue(breach.getObservedValue() >= DELAY.toNanos() / 1000, "the target's delay is in the fleet's live p99: "
        + breach.getObserved());
    assertEquals(1000.0, breach.getBoundValue());
    assertTrue(s.getMessage().startsWith("aborted on a live breach of spec.thresholds[1] 'p99 < 1ms' (abortOnFail): "
        + breach.getObserved() + " on get, bound < 1.00ms; the fleet's figure over the "), s.getMessage());
    assertEquals("Aborted: p99 < 1ms", s.getVerdict());
    assertEquals("AbortedOnFail", condition(s, "ThresholdsPassed").getReason());
    assertEquals(null, s.getThresholds().get(0).getPassed(), "the other criterion is not judged");

    // judged only after its delay, then at once: on the first fleet intervals past 2 s of measurement
    java.util.regex.Matcher judged = java.util.regex.Pattern.compile("over the ([0-9.]+) s the point had measured")
        .matcher(s.getMessage());
    assertTrue(judged.find(), s.getMessage());
    double measured = Double.parseDouble(judged.group(1));
    assertTrue(measured >= 2.0, "not before delayAbortEval: " + measured + " s");
    assertEquals(Boolean.TRUE, s.getPartial(), s.getMessage());
    ResultRow row = s.getResults().get(0);
    assertTrue(row.getCount() > 0 && row.getStoppedEarly() != null && row.getStoppedEarly() >= 1,
        "what the stopped runners measured is merged: " + row.getCount());
    java.util.regex.Pattern stop = java.util.regex.Pattern.compile("stopped \\(terminated\\) ([0-9.]+) s into its "
        + "180.0 s window");
    double stoppedAt = s.getFaults().stream().map(f -> stop.matcher(f.getMessage())).filter(
        java.util.regex.Matcher::find).mapToDouble(m -> Double.parseDouble(m.group(1))).max()
        .orElseThrow(() -> new AssertionError("no runner stopped mid-window: " + s.getFaults()));
    System.out.printf("abortOnFail: judged on %.1f s measured, runners stopped %.1f s into the window%n", measured,
        stoppedAt);
    assertTrue(stoppedAt < 120, "stopped long before the planned 3 minutes: " + stoppedAt + " s");
    Event warning = await("the Aborted Event").atMost(Duration.ofSeconds(30)).until(() -> client.v1()
        .events().inNamespace("default").list().getItems().stream()
        .filter(e -> "breached".equals(e.getInvolvedObject().getName()) && "Aborted".equals(e.getReason()))
        .findFirst(), Optional::isPresent).get();
    assertEquals("Warning", warning.getType());
    assertTrue(warning.getMessage().startsWith("aborted on a live breach of spec.thresholds[1] 'p99 < 1ms'"),
        warning.getMessage());

    ArgoHealth.require();
    ArgoHealth.Result health = ArgoHealth.of(ended);
    assertEquals("Degraded", health.status(), health.message());
    assertTrue(health.message().startsWith("failed (Aborted): aborted on a live breach of spec.thresholds[1]"),
        health.message());

    BenchmarkRunStatus hs = awaitEnd("held").getStatus();
    assertEquals(Phase.Succeeded, hs.getPhase(), hs.getMessage());
    assertEquals("Passed 2/2", hs.getVerdict());
  }

  /** HTTP checks' pass rates judged end to end, on the merged row's summed counts. */
  @Test
  void checkPassRatesAreJudgedOnTheMergedRowsCounts() {
    var runs = client.resources(BenchmarkRun.class).inNamespace("default");
    BenchmarkRun checked = run("checked", target.url(), """
            - {expr: "checks >= 99%", scenario: get}
            - {expr: "check(status-ok) > 99.9%", scenario: get}
            - {expr: "check(status-ok) < 50%", scenario: get}""");
    checked.getSpec().getScenarios().get(0).getHttp().setExpect(new ArrayList<>(List.of(
        dev.regatta.api.v1alpha1.HttpCheck.status("status-ok", 200))));
    runs.resource(checked).create();
    BenchmarkRunStatus s = awaitEnd("checked").getStatus();
    assertEquals(Phase.Failed, s.getPhase(), s.getMessage());
    assertEquals("Failed 2/3", s.getVerdict(), s.getMessage());
    ResultRow.CheckRate ok = s.getResults().get(0).getChecks().get(0);
    assertEquals("status-ok", ok.getName());
    assertTrue(ok.getPasses() > 0, "every response was checked");
    double rate = (double) ok.getPasses() / (ok.getPasses() + ok.getFails());
    for (ThresholdResult t : s.getThresholds()) {
      assertEquals(rate, t.getObservedValue(), t.describe());
    }
    assertTrue(s.getThresholds().get(0).getPassed() && s.getThresholds().get(1).getPassed());
    assertFalse(s.getThresholds().get(2).getPassed());
    assertTrue(s.getMessage().contains("check(status-ok) < 50% [scenario=get]: 100% on get"), s.getMessage());
  }

  private static Condition condition(BenchmarkRunStatus s, String type) {
    return s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition: " + s.getConditions()));
  }

  static BenchmarkRun awaitEnd(String name) {
    return await(name + " to end").atMost(Duration.ofMinutes(5)).ignoreExceptions().until(() -> Optional.ofNullable(
        client.resources(BenchmarkRun.class).inNamespace("default").withName(name).get())
        .filter(r -> r.getStatus() != null && r.getStatus().getPhase() != null && r.getStatus().getPhase().isFinished()),
        Optional::isPresent).get();
  }
}
