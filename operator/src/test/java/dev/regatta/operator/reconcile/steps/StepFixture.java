package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.events.RunEvent;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.Observed;
import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A run and what the informers hold of it, built by hand, and the {@link RunContext} a step is given: the
 * testing context of a step's unit test. No API server, no threads, no clock: {@link #now} is set by the test.
 */
final class StepFixture {
  static final String NS = "team";
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  final BenchmarkRun run;
  final RecordingCluster cluster = new RecordingCluster();
  final Map<String, Job> jobs = new LinkedHashMap<>();
  final List<Pod> pods = new ArrayList<>();
  final Map<String, ConfigMap> maps = new LinkedHashMap<>();
  Instant now = T0;
  private int podSerial;

  /** Two placement groups, a (2 pods, eu-west-1) and b (1 pod, us-east-1); startTimeout 1m, timeout 10m. */
  static String yaml(String name) {
    return """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: %s, namespace: %s}
        spec:
          placements:
            - {name: a, pods: 2, region: eu-west-1}
            - {name: b, pods: 1, region: us-east-1}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", key: k}
              duration: 10s
          startDelay: 2s
          startTimeout: 1m
          timeout: 10m
          ttlAfterFinished: 1h
        """.formatted(name, NS);
  }

  /** {@link #yaml} with more spec fields, each line as written under spec (indented by the caller as YAML nests). */
  static String yaml(String name, String... specLines) {
    StringBuilder more = new StringBuilder();
    for (String l : specLines) {
      more.append("  ").append(l).append('\n');
    }
    return yaml(name).replace("  startDelay: 2s\n", more + "  startDelay: 2s\n");
  }

  StepFixture(String yaml) {
    run = RunFiles.parse(yaml, "test").get(0);
    run.getMetadata().setUid("uid-" + run.getMetadata().getName());
    run.getMetadata().setGeneration(1L);
    run.getMetadata().setResourceVersion("1");
    run.getMetadata().setCreationTimestamp(T0.toString());
  }

  static StepFixture of(String name) {
    return new StepFixture(yaml(name));
  }

  /** The context a step gets now. */
  RunContext context() {
    return new RunContext(run, new Observed(jobs, pods, maps), now, cluster);
  }

  StepFixture at(Duration sinceT0) {
    now = T0.plus(sinceT0);
    return this;
  }

  /**
   * As accepted at T0 (what AcceptStep wrote) and now in {@code phase}; with the objects the create step makes
   * once the phase is past Pending (the spec, start and result ConfigMaps, the Jobs).
   */
  StepFixture in(Phase phase) {
    BenchmarkRunStatus s = new BenchmarkRunStatus();
    s.setPhase(phase);
    s.setStartTime(T0.toString());
    s.setObservedGeneration(1L);
    Conditions.set(s, Conditions.ACCEPTED, true, "Valid", "spec is valid", 1L, T0);
    BenchmarkRunStatus.PodCounts counts = new BenchmarkRunStatus.PodCounts();
    counts.setExpected(run.getSpec().totalPods());
    s.setPods(counts);
    run.setStatus(s);
    if (phase != Phase.Pending) {
      maps.put(Protocol.specConfigMapName(name()), RunObjects.specMap(run));
      maps.put(Protocol.startConfigMapName(name()), RunObjects.startMap(run));
      for (RunObjects.Slot slot : RunObjects.slots(name(), run.getSpec())) {
        ConfigMap cm = RunObjects.resultMap(run, slot);
        maps.put(slot.resultMap(), cm);
        cluster.apiResultMaps.put(slot.resultMap(), cm);
      }
      for (Placement p : run.getSpec().getPlacements()) {
        Job j = JobFactory.job(run, run.getSpec(), p);
        j.getMetadata().setUid("uid-job-" + j.getMetadata().getName());
        jobs.put(j.getMetadata().getName(), j);
      }
    }
    if (phase == Phase.Starting) {
      Conditions.set(s, Conditions.RUNNERS_READY, false, "Waiting", "0/3 runners ready", 1L, T0);
    }
    if (phase == Phase.Running || phase == Phase.Collecting) {
      Conditions.set(s, Conditions.RUNNERS_READY, true, "AllReady", "3 runner(s) ready", 1L, T0.plusSeconds(5));
      BenchmarkRunStatus.StartBarrier b = new BenchmarkRunStatus.StartBarrier();
      b.setStartAt(T0.plusSeconds(7).toString());
      s.setBarrier(b);
    }
    return this;
  }

  String name() {
    return run.getMetadata().getName();
  }

  BenchmarkRunStatus status() {
    return run.getStatus();
  }

  // ---- result ConfigMaps, as the runners write them ----

  StepFixture ready(String placement, int index, Instant at) {
    return result(placement, index, Map.of(Protocol.STATE_KEY, Protocol.STATE_READY,
        Protocol.READY_AT_KEY, at.toString()));
  }

  StepFixture done(String placement, int index, long... latenciesMicros) {
    return done(document(placement, index, 0, 0, latenciesMicros));
  }

  StepFixture done(ResultDocument doc) {
    return result(doc.placement(), doc.index(), Map.of(Protocol.STATE_KEY, Protocol.STATE_DONE,
        Protocol.RESULT_KEY, ResultJson.write(doc), Protocol.POD_KEY, doc.pod()));
  }

  StepFixture result(String placement, int index, Map<String, String> data) {
    ConfigMap cm = maps.get(Protocol.resultConfigMapName(name(), placement, index));
    Map<String, String> d = new HashMap<>(cm.getData());
    d.putAll(data);
    cm.setData(d);
    return this;
  }

  /**
   * One runner's result document: one window of "get" holding these latencies, {@code errors} of them failed,
   * started {@code lateMs} after the published start.
   */
  ResultDocument document(String placement, int index, long lateMs, long errors, long... latenciesMicros) {
    Histogram h = Histograms.newHistogram();
    for (long v : latenciesMicros) {
      Histograms.recordMicros(h, v);
    }
    long start = (T0.plusSeconds(7).toEpochMilli() + lateMs) * 1000;
    int n = latenciesMicros.length;
    ScenarioResult r = new ScenarioResult("get", Map.of(), 0, n, errors, null, 0, 10.0, n / 10.0, 0, 0, LatencySummary.of(h),
        Histograms.encode(h), start, start + 10_000_000L, null);
    return new ResultDocument(ResultDocument.FORMAT_VERSION, name(), NS, name() + "-" + placement + "-" + index + "-x",
        placement, null, null, index, "node", null, start, T0.plusSeconds(20).toString(), List.of(r), null);
  }

  // ---- Jobs and pods, as the Job controller and the kubelet leave them ----

  Job job(String placement) {
    return jobs.get(Protocol.jobName(name(), placement));
  }

  StepFixture jobCondition(String placement, String type, String reason, String message) {
    job(placement).setStatus(new JobStatusBuilder().withConditions(new JobConditionBuilder().withType(type)
        .withStatus("True").withReason(reason).withMessage(message).build()).build());
    return this;
  }

  /** A pod of the placement's Job for that index, in {@code phase} (Pending, Running, Succeeded, Failed). */
  Pod pod(String placement, int index, String phase) {
    Job job = job(placement);
    Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put(PodDiagnosis.JOB_INDEX_LABEL, Integer.toString(index));
    labels.put("job-name", job.getMetadata().getName());
    Pod p = new PodBuilder().withNewMetadata()
        .withName(job.getMetadata().getName() + "-" + index + "-p" + (++podSerial)).withNamespace(NS)
        .withLabels(labels).withCreationTimestamp(now.plusMillis(podSerial).toString())
        .withOwnerReferences(new OwnerReferenceBuilder().withKind("Job").withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid()).withController(true).build())
        .endMetadata().withNewStatus().withPhase(phase).endStatus().build();
    pods.add(p);
    return p;
  }

  /** A pod whose runner exited with {@code code} at {@code at}. */
  Pod exited(String placement, int index, int code, String message, Instant at) {
    Pod p = pod(placement, index, code == 0 ? "Succeeded" : "Failed");
    p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(Protocol.RUNNER_CONTAINER)
        .withImage("runner").withNewState().withNewTerminated().withExitCode(code).withReason("Error")
        .withMessage(message).withFinishedAt(at.toString()).endTerminated().endState().build()));
    return p;
  }

  /** A pod whose runner image cannot be pulled. */
  Pod imagePullError(String placement, int index) {
    Pod p = pod(placement, index, "Pending");
    p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(Protocol.RUNNER_CONTAINER)
        .withImage("registry.example/runner:nope").withNewState().withNewWaiting().withReason("ErrImagePull")
        .withMessage("pull access denied").endWaiting().endState().build()));
    return p;
  }

  // ---- what the step decided ----

  static List<EventReason> reasons(RunContext ctx) {
    return ctx.events().stream().map(RunEvent::reason).toList();
  }

  static String message(RunContext ctx, EventReason reason) {
    return ctx.events().stream().filter(e -> e.reason() == reason).map(RunEvent::message).findFirst().orElseThrow(
        () -> new AssertionError("no " + reason + " Event; Events: " + ctx.events()));
  }
}
