package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The merge decisions on faults, with hand-built result documents on the mock API: a pod lost mid-window and its
 * late replacement, a late start on its own, a start late within the tolerance, a sidecar restart, a point in
 * which every operation failed. Each asserts what a user reads in status: phase, partial, faults naming the
 * pod, the Degraded condition, the Warning Event, and which counts are in the rows.
 */
class FaultsTest {
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

  /** Creates a run of 5 pods (3 groups, 2 regions, 2 points x 2 repeats of 10 s) and brings it to Running. */
  private static List<Pod> running(String name) {
    h.create(Harness.threeGroups(name));
    h.awaitPhase(name, Phase.Starting);
    List<Pod> pods = h.startAll(name);
    h.awaitPhase(name, Phase.Running);
    return pods;
  }

  private static Pod pod(List<Pod> pods, String prefix) {
    return pods.stream().filter(p -> p.getMetadata().getName().startsWith(prefix)).findFirst().orElseThrow();
  }

  /** Publishes each pod's document (changed by edit for the pods it names), exits 0, completes every Job. */
  private static long finish(String name, List<Pod> pods, Map<Pod, UnaryOperator<ResultDocument>> edits,
      List<Pod> leftOut) {
    BenchmarkRun r = h.get(name);
    long counted = 0;
    for (Pod p : pods) {
      ResultDocument doc = edits.getOrDefault(p, d -> d).apply(h.document(r, p));
      if (!leftOut.contains(p)) {
        counted += count(doc, "4096");
      }
      h.runners.runnerDone(p, doc);
      h.runners.exit(p, 0, "");
    }
    return counted;
  }

  private static long count(ResultDocument doc, String bufferSize) {
    return doc.scenarios().stream().filter(s -> bufferSize.equals(s.params().get("bufferSize")))
        .mapToLong(ScenarioResult::count).sum();
  }

  /** The document as a runner that began `micros` later writes it: every window shifted. */
  private static UnaryOperator<ResultDocument> late(long micros) {
    return d -> copy(d, d.pod(), d.measuredStartEpochMicros() + micros, d.scenarios().stream()
        .map(s -> new ScenarioResult(s.name(), s.params(), s.repeat(), s.count(), s.errors(), s.errorsByType(),
            s.dropped(), s.durationSeconds(), s.throughputPerSecond(), s.bytesPerSecond(), s.bytes(),
            s.latencyMicros(), s.histogram(), s.startEpochMicros() + micros, s.endEpochMicros() + micros,
            s.resources())).toList(), d.attempt(), d.replaced());
  }

  private static ResultDocument copy(ResultDocument d, String pod, Long measuredStart, List<ScenarioResult> scenarios,
      Integer attempt, List<ResultDocument.Replaced> replaced) {
    return new ResultDocument(d.version(), d.run(), d.namespace(), pod, d.placement(), d.region(), d.zone(), d.index(),
        d.node(), d.startAt(), measuredStart, d.finishedAt(), scenarios, d.failure(), attempt, replaced);
  }

  private static Fault fault(BenchmarkRunStatus st, String type, String pod) {
    return st.getFaults().stream().filter(f -> type.equals(f.getType()) && pod.equals(f.getPod())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " fault for " + pod + " in " + messages(st)));
  }

  private static List<String> messages(BenchmarkRunStatus st) {
    return st.getFaults() == null ? List.of() : st.getFaults().stream().map(Fault::getMessage).toList();
  }

  private static void awaitWarning(String run, String reason, String... parts) {
    Harness.await("a Warning Event " + reason + " naming " + List.of(parts)).untilAsserted(() -> assertTrue(h.events(run).stream()
        .anyMatch(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())
            && List.of(parts).stream().allMatch(e.getMessage()::contains)), () -> h.events(run).stream().map(e -> e.getReason() + ": " + e.getMessage()).toList().toString()));
  }

  @Test
  void aRunnerKilledMidWindowIsReportedAtOnceAndItsLateReplacementIsLeftOutOfTheRows() {
    String name = "killed";
    List<Pod> pods = running(name);
    Pod killed = pod(pods, name + "-us-1-");
    String killedName = killed.getMetadata().getName();
    // the runner had written state=running, then got SIGKILL: exit 137, no word of its own
    h.client.configMaps().inNamespace(Harness.NS).withName(Protocol.resultConfigMapName(name, "us", 1))
        .edit(cm -> {
          cm.getData().put(Protocol.STATE_KEY, Protocol.STATE_RUNNING);
          return cm;
        });
    // with FallbackToLogsOnError the termination message is the log's tail
    h.runners.exit(killed, 137, "regatta: preparing 2 scenario points\nregatta: start at 2026-11-26T06:35:49.658Z\n");

    // said while the run is still Running: the pod, what it means, a Warning Event
    Harness.await("the lost runner in status").until(() -> {
      BenchmarkRunStatus st = h.get(name).getStatus();
      return st.getFaults() != null && st.getFaults().stream().anyMatch(f -> killedName.equals(f.getPod()));
    });
    BenchmarkRunStatus during = h.get(name).getStatus();
    assertEquals(Phase.Running, during.getPhase());
    Fault lost = fault(during, Fault.LOST_WHILE_MEASURING, killedName);
    assertTrue(lost.getMessage().startsWith("pod " + killedName + " (us/1) failed after the start: container runner "
        + "exited with code 137: ... regatta: start at 2026-11-26T06:35:49.658Z; what it measured is lost"),
        lost.getMessage());
    assertEquals("True", during.condition(Conditions.DEGRADED).getStatus());
    awaitWarning(name, "RunnerLost", killedName, "what it measured is lost");

    // the Job's replacement, 9.8 s late, records whom it replaced
    Pod retry = h.runners.run(h.runners.awaitRetry(name + "-us", 1, killed));
    String retryName = retry.getMetadata().getName();
    List<Pod> finishing = new ArrayList<>(pods);
    finishing.remove(killed);
    finishing.add(retry);
    long counted = finish(name, finishing, Map.of(retry, d -> late(9_800_000).apply(copy(d, retryName,
        d.measuredStartEpochMicros(), d.scenarios(), 2,
        List.of(new ResultDocument.Replaced(killedName, Protocol.REPLACED_MEASURING))))), List.of(retry));

    BenchmarkRunStatus st = h.awaitPhase(name, Phase.Succeeded).getStatus();
    assertEquals(Boolean.TRUE, st.getPartial());
    ResultRow row = st.getResults().get(0);
    assertEquals(counted, row.getCount(), "only the four on-time pods are summed");
    assertEquals(4, row.getPods());
    assertEquals(5, st.getPods().getResults());
    assertEquals(1, st.getPods().getExcluded());
    Fault late = fault(st, Fault.LATE_START, retryName);
    assertEquals(Boolean.TRUE, late.getExcluded());
    assertEquals(9.8, late.getLateSeconds(), 0.01);
    assertTrue(late.getMessage().contains("attempt 2") && late.getMessage().contains("left out of results"),
        late.getMessage());
    Fault gone = fault(st, Fault.LOST_WHILE_MEASURING, killedName);
    assertTrue(gone.getMessage().contains(retryName), "names the pod that replaced it: " + gone.getMessage());
    assertEquals(2, st.getFaults().size(), messages(st).toString());
    Condition degraded = st.condition(Conditions.DEGRADED);
    assertEquals("LostWhileMeasuring", degraded.getReason());
    assertTrue(degraded.getMessage().startsWith("2 fault(s)") && degraded.getMessage().contains(killedName)
        && degraded.getMessage().contains(retryName), degraded.getMessage());
    assertTrue(st.condition(Conditions.COMPLETED).getMessage().contains("partial"),
        st.condition(Conditions.COMPLETED).getMessage());
    assertTrue(st.getBarrier().getSkewMillis() < 1000, "skew over the merged pods only: " + st.getBarrier());
    awaitWarning(name, "LostWhileMeasuring", killedName, retryName);
  }

  @Test
  void aResultThatStartedLateIsLeftOutAndOneWithinTheToleranceIsKept() {
    String name = "late";
    List<Pod> pods = running(name);
    Pod late = pod(pods, name + "-eu-a-0-");
    Pod slightly = pod(pods, name + "-eu-b-0-");
    // 10 s windows: the tolerance is 1 s
    long counted = finish(name, pods, Map.of(late, late(3_000_000), slightly, late(600_000)), List.of(late));
    BenchmarkRunStatus st = h.awaitPhase(name, Phase.Succeeded).getStatus();
    assertEquals(counted, st.getResults().get(0).getCount());
    assertEquals(4, st.getResults().get(0).getPods());
    assertEquals(Boolean.TRUE, st.getPartial());
    assertEquals(1, st.getFaults().size(), messages(st).toString());
    Fault f = fault(st, Fault.LATE_START, late.getMetadata().getName());
    assertEquals(3.0, f.getLateSeconds(), 0.01);
    assertTrue(f.getMessage().contains("tolerance 1s"), f.getMessage());
    assertEquals("LateStart", st.condition(Conditions.DEGRADED).getReason());
    awaitWarning(name, "LateStart", late.getMetadata().getName());

    // a report of the same run agrees with status: the late pod has its own rows but is not in the fleet's
    List<ResultDocument> docs = h.client.configMaps().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, name)
        .withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).list().getItems().stream()
        .map(cm -> ResultJson.read(cm.getData().get(Protocol.RESULT_KEY))).toList();
    Report report = ReportBuilder.build(new RunData(name, Harness.NS, h.get(name), docs, "test"));
    assertEquals(counted, report.merged().get(0).getCount());
    assertTrue(report.podRows().stream().anyMatch(r -> late.getMetadata().getName().equals(r.pod())));
    // and with the documents alone (no status to ask), the screen decides the same
    Report filesOnly = ReportBuilder.build(new RunData(name, Harness.NS, null, docs, "files"));
    assertEquals(counted, filesOnly.merged().get(0).getCount());
  }

  @Test
  void aSidecarRestartIsNamedAndItsPodsErrorsStayInTheRows() {
    String name = "sidecar";
    List<Pod> pods = running(name);
    Pod restarted = pod(pods, name + "-eu-a-1-");
    BenchmarkRun r = h.get(name);
    // the pod's Redis was killed and restarted by the kubelet while its runner measured
    h.runners.sidecarRestarted(restarted, 1);
    long counted = 0;
    long errors = 0;
    for (Pod p : pods) {
      ResultDocument doc = h.document(r, p);
      if (p == restarted) {
        // operations while Redis was down are errors of the connection (refused, reset)
        doc = copy(doc, doc.pod(), doc.measuredStartEpochMicros(), doc.scenarios().stream()
            .map(s -> new ScenarioResult(s.name(), s.params(), s.repeat(), s.count(), s.count() / 4,
                Map.of("refused", s.count() / 4), s.dropped(), s.durationSeconds(), s.throughputPerSecond(),
                s.bytesPerSecond(), s.bytes(), s.latencyMicros(), s.histogram(), s.startEpochMicros(),
                s.endEpochMicros(), s.resources())).toList(), null, null);
        errors = doc.scenarios().stream().filter(s -> s.params().get("bufferSize").equals("4096"))
            .mapToLong(ScenarioResult::errors).sum();
      }
      counted += count(doc, "4096");
      h.runners.runnerDone(p, doc);
      h.runners.exit(p, 0, "");
    }

    BenchmarkRunStatus st = h.awaitPhase(name, Phase.Succeeded).getStatus();
    assertNull(st.getPartial(), "nothing is missing: the errors are what happened");
    ResultRow row = st.getResults().get(0);
    assertEquals(counted, row.getCount());
    assertEquals(errors, row.getErrors());
    assertEquals(5, row.getPods());
    Fault f = fault(st, Fault.SIDECAR_RESTARTED, restarted.getMetadata().getName());
    assertEquals(1, f.getRestarts());
    assertEquals(Boolean.FALSE, f.getExcluded());
    assertTrue(f.getMessage().contains("redis 1 time(s)") && f.getMessage().contains("exit code 137"),
        f.getMessage());
    assertEquals("SidecarRestarted", st.condition(Conditions.DEGRADED).getReason());
    // the headline counts successes only, the errors beside it
    assertEquals(errors, st.getSummary().getErrors());
    assertEquals(row.getSuccessPerSecond(), st.getSummary().getThroughputPerSecond());
    assertTrue(row.getSuccessPerSecond() < row.getThroughputPerSecond(), row.getSuccessPerSecond() + " vs "
        + row.getThroughputPerSecond());
    awaitWarning(name, "SidecarRestarted", restarted.getMetadata().getName());
  }

  @Test
  void aPointInWhichEveryOperationFailedFailsTheRunNamingThePoint() {
    String name = "allerrors";
    List<Pod> pods = running(name);
    UnaryOperator<ResultDocument> largeFails = d -> copy(d, d.pod(), d.measuredStartEpochMicros(),
        d.scenarios().stream().map(s -> !"65536".equals(s.params().get("bufferSize")) ? s
            : new ScenarioResult(s.name(), s.params(), s.repeat(), s.count(), s.count(), Map.of("timeout", s.count()),
                s.dropped(), s.durationSeconds(), s.throughputPerSecond(), s.bytesPerSecond(), 0, s.latencyMicros(),
                s.histogram(), s.startEpochMicros(), s.endEpochMicros(), s.resources())).toList(), null, null);
    Map<Pod, UnaryOperator<ResultDocument>> edits = new java.util.HashMap<>();
    pods.forEach(p -> edits.put(p, largeFails));
    finish(name, pods, edits, List.of());

    BenchmarkRunStatus st = h.awaitPhase(name, Phase.Failed).getStatus();
    Condition completed = st.condition(Conditions.COMPLETED);
    assertEquals("False", completed.getStatus());
    assertEquals("NoSuccessfulRequests", completed.getReason(), completed.getMessage());
    ResultRow large = st.getResults().get(1);
    assertEquals(large.getCount(), large.getErrors());
    assertTrue(completed.getMessage().contains("no operation succeeded in get {bufferSize=65536}: " + large.getErrors()
        + " of " + large.getCount() + " operations failed"), completed.getMessage());
    assertTrue(st.getMessage().contains("bufferSize=65536"), st.getMessage());
    assertEquals(0.0, large.getSuccessPerSecond());
    assertEquals(2, st.getResults().size(), "the rows are still there to read");
    assertEquals(5, st.getFaults().stream().filter(f -> Fault.NO_SUCCESS.equals(f.getType())).count(),
        "each pod named: " + messages(st));
    awaitWarning(name, "NoSuccessfulRequests", "bufferSize=65536");
  }

  @Test
  void aPointInWhichNothingCompletedIsNamedButNotAFailureOfTheTarget() {
    String name = "empty";
    List<Pod> pods = running(name);
    // the warm-up's operations took the whole window: nothing was sent inside it, nothing failed
    UnaryOperator<ResultDocument> largeEmpty = d -> copy(d, d.pod(), d.measuredStartEpochMicros(),
        d.scenarios().stream().map(s -> !"65536".equals(s.params().get("bufferSize")) ? s
            : new ScenarioResult(s.name(), s.params(), s.repeat(), 0, 0, Map.of(), 0, s.durationSeconds(), 0, 0, 0,
                null, dev.regatta.result.Histograms.encode(dev.regatta.result.Histograms.newHistogram()),
                s.startEpochMicros(), s.endEpochMicros(), s.resources())).toList(), null, null);
    Map<Pod, UnaryOperator<ResultDocument>> edits = new java.util.HashMap<>();
    pods.forEach(p -> edits.put(p, largeEmpty));
    finish(name, pods, edits, List.of());

    BenchmarkRunStatus st = h.awaitPhase(name, Phase.Succeeded).getStatus();
    Fault f = st.getFaults().stream().filter(x -> Fault.NO_OPERATIONS.equals(x.getType())).findFirst().orElseThrow();
    assertNull(f.getPod());
    assertTrue(f.getMessage().contains("measured nothing in get {bufferSize=65536}: no operation completed"),
        f.getMessage());
    assertEquals("NoOperations", st.condition(Conditions.DEGRADED).getReason());
    assertEquals(0L, st.getResults().get(1).getCount());
    awaitWarning(name, "NoOperations", "bufferSize=65536");
  }

  @Test
  void aPodThatFailedWhilePreparingAndWasReplacedInTimeCostsNothing() {
    String name = "prepfail";
    h.create(Harness.threeGroups(name));
    h.awaitPhase(name, Phase.Starting);
    List<Pod> pods = new ArrayList<>();
    for (var j : h.jobs(name)) {
      for (Pod p : h.runners.awaitPods(j.getMetadata().getName())) {
        pods.add(h.runners.run(p));
      }
    }
    // one runner cannot reach its target while preparing, exits 1; the Job's replacement gets ready in time
    Pod crashed = pod(pods, name + "-eu-b-0-");
    h.runners.exit(crashed, 1, "cannot connect to redis://127.0.0.1:6379: connection refused");
    Pod replacement = h.runners.run(h.runners.awaitRetry(name + "-eu-b", 0, crashed));
    pods.remove(crashed);
    pods.add(replacement);
    pods.forEach(h.runners::runnerReady);
    h.awaitPhase(name, Phase.Running);
    finish(name, pods, Map.of(), List.of());

    BenchmarkRunStatus st = h.awaitPhase(name, Phase.Succeeded).getStatus();
    assertNull(st.getFaults(), "a retry before the start loses nothing: " + messages(st));
    assertNull(st.getPartial());
    assertEquals("False", st.condition(Conditions.DEGRADED).getStatus());
    assertEquals(5, st.getResults().get(0).getPods());
    assertTrue(h.events(name).stream().noneMatch(e -> "RunnerLost".equals(e.getReason())));
  }

  @Test
  void aCleanRunSaysItIsNotDegraded() {
    String name = "clean";
    List<Pod> pods = running(name);
    finish(name, pods, Map.of(), List.of());
    BenchmarkRunStatus st = h.awaitPhase(name, Phase.Succeeded).getStatus();
    Condition degraded = st.condition(Conditions.DEGRADED);
    assertEquals("False", degraded.getStatus());
    assertEquals("NoFaults", degraded.getReason());
    assertNull(st.getFaults());
    assertNull(st.getPartial());
    assertEquals(0L, st.getSummary().getErrors());
    assertEquals(st.getResults().get(0).getThroughputPerSecond(), st.getSummary().getThroughputPerSecond());
    assertTrue(h.events(name).stream().noneMatch(e -> "Warning".equals(e.getType())),
        h.events(name).stream().map(Event::getReason).toList().toString());
  }
}
