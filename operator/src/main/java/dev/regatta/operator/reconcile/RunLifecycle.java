package dev.regatta.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.operator.barrier.StartBarrier;
import dev.regatta.operator.events.EventRecorder;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.policy.PodSecurityStandards;
import dev.regatta.operator.rbac.RunnerRbac;
import dev.regatta.operator.results.FaultScreen;
import dev.regatta.operator.results.MergedReport;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.NoSuccess;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultMerger;
import dev.regatta.units.Durations;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one run: reads everything it needs from the cluster (status, caches, the spec and start
 * ConfigMaps), takes at most one phase step, and writes status only when something changed. Being
 * stateless is what makes the operator restart-safe.
 */
final class RunLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * How long past the run's timeout the operator waits for the Jobs' own deadline (activeDeadlineSeconds) to
   * fail them before it fails the run itself: a quarter of the timeout, between 1 and 30 seconds.
   */
  static Duration collectGrace(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
        : quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
  }
  /** Upper bound on any timer-driven reschedule, so a lost event costs at most this much. */
  static final Duration MAX_RESCHEDULE = Duration.ofMinutes(2);
  /** Next step right away: each phase is its own status write, so watchers see every phase. */
  static final Duration NEXT_STEP = Duration.ofMillis(20);
  private static final int MAX_LISTED_PROBLEMS = 5;
  /** The run's outcome when a point had no successful operation and nothing else went wrong. */
  static final String NO_SUCCESSFUL_REQUESTS = "NoSuccessfulRequests";
  /** Degraded's reason: the gravest kind of fault present. */
  private static final List<String> FAULT_ORDER = List.of(Fault.LOST_WHILE_MEASURING, Fault.LATE_START,
      Fault.SIDECAR_RESTARTED, Fault.NO_OPERATIONS, Fault.NO_SUCCESS);
  static final String FIELD_MANAGER = "regatta-operator";

  private final BenchmarkRun run;
  private final Context<BenchmarkRun> ctx;
  private final KubernetesClient client;
  private final EventRecorder events;
  private final ResultCollector collector;
  private final OperatorMetrics metrics;
  private final Instant now;
  private final BenchmarkRunStatus status;
  private final String log;
  private Duration reschedule;
  /** Events are recorded only after the status that explains them is written: a failed write repeats the step. */
  private final List<String[]> pendingEvents = new ArrayList<>();
  private final boolean ssa;
  private final StatusThrottle throttle;
  private final PodPolicy podPolicy;

  RunLifecycle(BenchmarkRun run, Context<BenchmarkRun> ctx, EventRecorder events, ResultCollector collector,
      OperatorMetrics metrics, Instant now, boolean ssa, StatusThrottle throttle, PodPolicy podPolicy) {
    this.podPolicy = podPolicy;
    this.ssa = ssa;
    this.throttle = throttle;
    this.run = run;
    this.ctx = ctx;
    this.client = ctx.getClient();
    this.events = events;
    this.collector = collector;
    this.metrics = metrics;
    this.now = now;
    this.status = run.getStatus() == null ? new BenchmarkRunStatus()
        : JSON.convertValue(run.getStatus(), BenchmarkRunStatus.class);
    this.log = "run=" + run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
  }

  UpdateControl<BenchmarkRun> reconcile() {
    JsonNode before = JSON.valueToTree(run.getStatus() == null ? new BenchmarkRunStatus() : run.getStatus());
    Phase phase = status.getPhase();
    if (run.getStatus() != null && run.getStatus().unreadable() != null) {
      unreadableStatus();
    } else if (phase == null) {
      accept();
    } else if (phase.isFinished()) {
      finished();
    } else {
      refuseSpecChange();
      Observed seen = Observed.of(ctx, run.getMetadata().getUid());
      BenchmarkRunSpec spec = Optional.ofNullable(RunObjects.acceptedSpec(
          seen.configMap(Protocol.specConfigMapName(name())).orElse(null))).orElse(run.getSpec());
      List<RunObjects.Slot> slots = RunObjects.slots(name(), spec);
      switch (spec.unreadable() != null ? Phase.Failed : phase) {
        case Pending -> create(spec, slots, seen);
        case Starting -> starting(spec, slots, seen);
        case Running -> running(spec, slots, seen);
        case Collecting -> collect(spec, slots, seen);
        // The spec was changed to JSON that does not fit the API (no CEL to stop it) and the accepted copy is gone.
        case Failed -> refuse("InvalidSpec", "invalid spec: " + SpecValidator.describe(spec.unreadable().violations()));
        default -> throw new IllegalStateException("unexpected phase " + phase);
      }
    }
    JsonNode after = JSON.valueToTree(status);
    if (!after.equals(before)) {
      Instant due = throttle.dueAt(key(), now);
      boolean countsOnly = (phase == Phase.Starting || phase == Phase.Running) && status.getPhase() == phase
          && StatusThrottle.countsOnly(before, after);
      if (countsOnly && now.isBefore(due)) {
        // Pod counts only, written recently: write them when due (recomputed then), unless something else comes first.
        Duration wait = Duration.between(now, due).plusMillis(50);
        reschedule = reschedule == null || wait.compareTo(reschedule) < 0 ? wait : reschedule;
      } else {
        writeStatus();
        throttle.wrote(key(), now);
      }
    }
    if (status.getPhase() != null && status.getPhase().isFinished()) {
      throttle.forget(key());
    }
    for (String[] e : pendingEvents) {
      events.record(run, e[0], e[1], e[2]);
    }
    UpdateControl<BenchmarkRun> control = UpdateControl.noUpdate();
    if (reschedule != null) {
      control.rescheduleAfter(reschedule);
    }
    return control;
  }

  /**
   * Writes status with optimistic locking (the resourceVersion of the run this reconcile read), or with
   * server-side apply where the API has it. Written here rather than by JOSDK so that Events follow a
   * successful write, never a lost one.
   */
  private void writeStatus() {
    BenchmarkRun patch = new BenchmarkRun();
    patch.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name())
        .withNamespace(namespace()).withResourceVersion(run.getMetadata().getResourceVersion()).build());
    patch.setStatus(status);
    var resource = client.resources(BenchmarkRun.class).inNamespace(namespace()).resource(patch);
    if (ssa) {
      patch.getMetadata().setResourceVersion(null);
      resource.subresource("status").patch(new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
          .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY)
          .withFieldManager(FIELD_MANAGER).withForce(true).build());
    } else {
      resource.updateStatus();
    }
  }

  // ---- phases ----

  private void accept() {
    status.setStartTime(now.toString());
    status.setObservedGeneration(run.getMetadata().getGeneration());
    List<Violation> violations = SpecValidator.validate(run);
    if (!violations.isEmpty()) {
      refuse("InvalidSpec", "invalid spec: " + SpecValidator.describe(violations));
      return; // no reschedule: nothing will change until the user fixes the spec (by re-creating the run)
    }
    String refused;
    try {
      refused = podPolicyRefusal(run.getSpec());
    } catch (RuntimeException e) { // a spec the validator let through but no pod can be built from: never retried
      refuse("InvalidSpec", "invalid spec: the runner pod cannot be built from it: " + e.getMessage());
      return;
    }
    if (refused != null) {
      refuse("PodPolicyRefused", refused);
      return;
    }
    int pods = run.getSpec().totalPods();
    String message = "spec is valid: " + run.getSpec().getPlacements().size() + " placement group(s), " + pods
        + " runner pod(s)";
    status.setPhase(Phase.Pending);
    status.setMessage(message);
    status.setPodSummary("0/" + pods);
    BenchmarkRunStatus.PodCounts counts = new BenchmarkRunStatus.PodCounts();
    counts.setExpected(pods);
    status.setPods(counts);
    status.setResultsLocation(resultsLocation(run.getSpec()));
    Conditions.set(status, Conditions.ACCEPTED, true, "Valid", message, generation(), now);
    event(EventRecorder.NORMAL, "Accepted", message);
    LOG.info("{} accepted: {}", log, message);
    reschedule = NEXT_STEP;
  }

  /**
   * What the run asks of its pods that the operator's pod policy refuses, as a message; null when allowed. The
   * Jobs are also built and checked as they would be created, so a pod the policy forbids is never created, even
   * if the spec check missed something.
   */
  private String podPolicyRefusal(BenchmarkRunSpec spec) {
    List<Violation> refused = new ArrayList<>(podPolicy.check(run, spec));
    refused.addAll(podPolicy.checkSecrets(spec, s -> client.secrets().inNamespace(namespace()).withName(s).get()));
    if (!refused.isEmpty()) {
      return "refused by the pod policy: " + SpecValidator.describe(refused) + "; " + podPolicy.hint();
    }
    List<String> guard = new ArrayList<>();
    for (Placement p : spec.getPlacements()) {
      Job job = JobFactory.job(run, spec, p);
      for (PodSecurityStandards.Finding f : podPolicy.check(job, name())) {
        guard.add("Job " + job.getMetadata().getName() + " " + f);
      }
    }
    return guard.isEmpty() ? null : "refused by the pod policy: the pod the operator would create breaks it: "
        + list(guard) + "; " + podPolicy.hint();
  }

  /**
   * Someone wrote a status that does not fit the API (only the operator should write it). What the run had
   * done is lost, so it cannot go on: it ends Failed, saying why, rather than being accepted a second time.
   */
  private void unreadableStatus() {
    String message = "status cannot be read, so the run's progress is lost: "
        + SpecValidator.describe(run.getStatus().unreadable().violations());
    status.setPhase(Phase.Failed);
    status.setMessage(message);
    status.setObservedGeneration(run.getMetadata().getGeneration());
    status.setCompletionTime(now.toString());
    Conditions.set(status, Conditions.COMPLETED, false, "InvalidStatus", message, generation(), now);
    event(EventRecorder.WARNING, "InvalidStatus", message);
    LOG.warn("{} failed: {}", log, message);
  }

  /** Ends a run that will never run: Failed, Accepted=False and Completed=False with the reason. */
  private void refuse(String reason, String message) {
    status.setPhase(Phase.Failed);
    status.setMessage(Conditions.truncate(message));
    status.setCompletionTime(now.toString());
    Conditions.set(status, Conditions.ACCEPTED, false, reason, message, generation(), now);
    Conditions.set(status, Conditions.COMPLETED, false, reason, message, generation(), now);
    event(EventRecorder.WARNING, reason, message);
    LOG.warn("{} refused ({}): {}", log, reason, message);
  }

  private void create(BenchmarkRunSpec spec, List<RunObjects.Slot> slots, Observed seen) {
    // The policy is checked again here: the operator may have restarted with a stricter one since acceptance.
    String refused = podPolicyRefusal(spec);
    if (refused != null) {
      refuse("PodPolicyRefused", refused);
      return;
    }
    // First everything the pods need (the spec, start and per-pod result ConfigMaps, with a bounded number of
    // requests in flight; then the RBAC objects), then the Jobs, so no runner waits for its ConfigMap or account.
    // Objects already seen are skipped and already-existing ones of this run are fine: a partly created run
    // resumes here. An existing object that is not this run's is a name collision (NameTaken): never adopted.
    List<HasMetadata> maps = new ArrayList<>();
    if (seen.configMap(Protocol.specConfigMapName(name())).isEmpty()) {
      maps.add(RunObjects.specMap(run));
    }
    if (seen.configMap(Protocol.startConfigMapName(name())).isEmpty()) {
      maps.add(RunObjects.startMap(run));
    }
    for (RunObjects.Slot slot : slots) {
      if (seen.configMap(slot.resultMap()).isEmpty()) {
        maps.add(RunObjects.resultMap(run, slot));
      }
    }
    List<HasMetadata> rbac = JobFactory.usesRunAccount(name(), spec.getRunner())
        ? List.of(RunnerRbac.serviceAccount(run), RunnerRbac.role(run, slots), RunnerRbac.roleBinding(run)) : List.of();
    List<HasMetadata> jobs = new ArrayList<>();
    for (Placement p : spec.getPlacements()) {
      if (!seen.jobs().containsKey(Protocol.jobName(name(), p.getName()))) {
        jobs.add(JobFactory.job(run, spec, p));
      }
    }
    long t0 = System.nanoTime();
    try {
      // Another run's Job of the same name is the likeliest collision: found before anything is created.
      for (HasMetadata j : jobs) {
        Job existing = client.batch().v1().jobs().inNamespace(namespace()).withName(j.getMetadata().getName()).get();
        if (existing != null) {
          NameTaken.check(j, existing);
        }
      }
      BoundedCreates.createAll(client, namespace(), "ConfigMaps", maps);
      // One at a time, the account first: a Role or binding of the same name that is not this run's must be
      // found before this run's pods could be bound to it.
      for (HasMetadata o : rbac) {
        BoundedCreates.createIfAbsent(client, namespace(), o);
      }
    } catch (NameTaken t) {
      collided(spec, t);
      return;
    }
    long t1 = System.nanoTime();
    try {
      BoundedCreates.createAll(client, namespace(), "Jobs", jobs);
    } catch (NameTaken t) { // created by another run since the check above
      collided(spec, t);
      return;
    }
    LOG.info("{} created {} ConfigMap(s) and {} RBAC object(s) in {} ms, then {} Job(s) in {} ms", log, maps.size(),
        rbac.size(), (t1 - t0) / 1_000_000, jobs.size(), (System.nanoTime() - t1) / 1_000_000);
    String message = "created " + spec.getPlacements().size() + " Job(s); waiting for " + slots.size()
        + " runner(s) to report ready (startTimeout " + spec.getStartTimeout() + ")";
    counts(slots, seen, seen.configMaps());
    enter(Phase.Starting, "Starting", message);
    Conditions.set(status, Conditions.RUNNERS_READY, false, "Waiting", "0/" + slots.size() + " runners ready",
        generation(), now);
    scheduleAt(startedAt().plus(Durations.parse(spec.getStartTimeout())));
  }

  /**
   * An object of this run's is taken. Left over by a deleted run (one of the same name deleted just before this
   * one was applied, typically): wait for the garbage collector, within startTimeout. Otherwise the run fails at
   * once, naming the other owner and what to rename; any Job it did create is deleted, so no pod of it waits.
   */
  private void collided(BenchmarkRunSpec spec, NameTaken t) {
    boolean leftOver = t.leftOver(client, namespace());
    if (leftOver && now.isBefore(startedAt().plus(Durations.parse(spec.getStartTimeout())))) {
      String message = "waiting for " + t.kind() + " " + t.name() + " of a deleted run to be removed by the garbage "
          + "collector before creating this run's";
      if (!message.equals(status.getMessage())) {
        status.setMessage(message);
        LOG.info("{} {}", log, message);
      }
      scheduleAt(now.plus(Duration.ofSeconds(2)));
      return;
    }
    String message = "name collision: " + t.describe(name(), spec, !leftOver && t.ownerIsLiveRun(client, namespace()),
        leftOver);
    for (Job j : client.batch().v1().jobs().inNamespace(namespace()).withLabel(Protocol.LABEL_RUN, name()).list()
        .getItems()) {
      OwnerReference owner = NameTaken.controller(j);
      if (owner != null && owner.getUid().equals(run.getMetadata().getUid())) {
        client.batch().v1().jobs().inNamespace(namespace()).withName(j.getMetadata().getName())
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      }
    }
    refuse("NameCollision", message);
  }

  private void starting(BenchmarkRunSpec spec, List<RunObjects.Slot> slots, Observed seen) {
    Map<String, ConfigMap> maps = seen.configMaps();
    long ready = StartBarrier.readyCount(slots, maps);
    counts(slots, seen, maps);
    status.setPodSummary(ready + "/" + slots.size());
    if (failFast(seen)) {
      return;
    }
    if (ready == slots.size()) {
      String startAt = StartBarrier.publish(client, namespace(), name(), Durations.parse(spec.getStartDelay()), now);
      Instant allReady = StartBarrier.lastReadyAt(slots, maps).orElse(now);
      BenchmarkRunStatus.StartBarrier barrier = status.getBarrier() == null ? new BenchmarkRunStatus.StartBarrier()
          : status.getBarrier();
      barrier.setStartAt(startAt);
      barrier.setWaitSeconds(round(Duration.between(createdAt(), allReady).toMillis() / 1000.0));
      status.setBarrier(barrier);
      String message = slots.size() + " runner(s) ready after " + barrier.getWaitSeconds() + "s; measuring starts at "
          + startAt;
      Conditions.set(status, Conditions.RUNNERS_READY, true, "AllReady", message, generation(), now);
      status.setPodSummary("0/" + slots.size());
      enter(Phase.Running, "Running", message);
      scheduleAt(deadline(spec));
      return;
    }
    if (pastDeadline(spec, seen)) {
      return;
    }
    Instant timeout = startedAt().plus(Durations.parse(spec.getStartTimeout()));
    if (!now.isBefore(timeout)) {
      List<String> why = new ArrayList<>();
      for (RunObjects.Slot s : slots) {
        if (!StartBarrier.isReady(maps.get(s.resultMap()))) {
          why.add(s.label() + ": " + seen.podOf(s).map(PodDiagnosis::notReady).orElse("no pod was created"));
        }
      }
      fail(seen, "StartTimeout", (slots.size() - ready) + " of " + slots.size() + " runner(s) not ready after startTimeout "
          + spec.getStartTimeout() + ": " + list(why));
      return;
    }
    Conditions.set(status, Conditions.RUNNERS_READY, false, "Waiting", ready + "/" + slots.size() + " runners ready",
        generation(), now);
    scheduleAt(timeout.isBefore(deadline(spec)) ? timeout : deadline(spec));
  }

  private void running(BenchmarkRunSpec spec, List<RunObjects.Slot> slots, Observed seen) {
    Map<String, ConfigMap> maps = seen.configMaps();
    counts(slots, seen, maps);
    long done = slots.stream().filter(s -> {
      ConfigMap cm = maps.get(s.resultMap());
      return cm != null && cm.getData() != null && Protocol.STATE_DONE.equals(cm.getData().get(Protocol.STATE_KEY));
    }).count();
    status.setPodSummary(done + "/" + slots.size());
    if (failFast(seen)) {
      return;
    }
    lostRunners(seen, maps);
    List<Job> jobs = jobsOf(spec, seen);
    // Absence in a cache proves little (an informer being stopped or resynced is empty): ask the API.
    List<String> missing = spec.getPlacements().stream().map(p -> Protocol.jobName(name(), p.getName()))
        .filter(n -> !seen.jobs().containsKey(n))
        .filter(n -> client.batch().v1().jobs().inNamespace(namespace()).withName(n).get() == null).toList();
    if (!missing.isEmpty()) {
      fail(seen, "JobMissing", "Job(s) " + missing + " no longer exist: deleted while the run was running");
      return;
    }
    if (jobs.size() < spec.getPlacements().size()) {
      scheduleAt(now.plus(Duration.ofSeconds(1))); // the cache has not caught up with the API yet
      return;
    }
    if (jobs.stream().allMatch(j -> PodDiagnosis.isComplete(j) || PodDiagnosis.isFailed(j))) {
      enter(Phase.Collecting, "Collecting", "every Job finished; reading " + slots.size() + " result(s)");
      reschedule = NEXT_STEP;
      return;
    }
    if (pastDeadline(spec, seen)) {
      return;
    }
    scheduleAt(deadline(spec));
  }

  private void collect(BenchmarkRunSpec spec, List<RunObjects.Slot> slots, Observed seen) {
    long t0 = System.nanoTime();
    Map<String, ConfigMap> maps = freshResultMaps();
    ResultCollector.Collected got = collector.collect(spec, namespace(), slots, maps);
    List<ScenarioPlan> plan;
    try {
      plan = ScenarioPlan.of(spec);
    } catch (IllegalArgumentException e) {
      plan = List.of();
    }
    FaultScreen.Screened screened = FaultScreen.screen(got.documents(), startInstant(),
        plan.isEmpty() ? Duration.ZERO : plan.get(0).warmup(), new SeenPodFacts(seen.pods()));
    ResultMerger.Merged merged = ResultMerger.merge(screened.merged(), plan);
    metrics.mergeTimer().record(Duration.ofNanos(System.nanoTime() - t0));

    status.setResults(merged.rows());
    status.setSummary(merged.rows().isEmpty() ? null : summary(merged.rows().get(0)));
    counts(slots, seen, maps);
    status.getPods().setResults(got.documents().size());
    status.getPods().setExcluded(screened.excluded().isEmpty() ? null : screened.excluded().size());
    status.setPodSummary(got.done() + "/" + slots.size());
    skew(screened.merged());
    boolean partial = got.documents().size() < slots.size()
        || got.documents().stream().anyMatch(d -> d.failure() != null) || got.done() < slots.size()
        || screened.lostData();
    status.setPartial(partial ? Boolean.TRUE : null);
    status.setCompletionTime(now.toString());
    List<Fault> found = new ArrayList<>(screened.faults());
    List<NoSuccess.Point> empty = NoSuccess.empty(NoSuccess.ofRows(merged.rows()));
    if (!empty.isEmpty()) {
      // nothing completed in the window on any pod: it measured nothing, which a user must not read as 0/s
      found.add(0, new Fault(Fault.NO_OPERATIONS, null, null, null, "measured nothing in "
          + NoSuccess.describe(empty) + ": the window is shorter than one operation (or the runners' warm-up "
          + "took all of them); lengthen its duration"));
    }
    faults(found);

    Condition failed = status.condition(Conditions.COMPLETED);
    List<String> causes = new ArrayList<>();
    String reason = failed != null && "False".equals(failed.getStatus()) ? failed.getReason() : null;
    List<Job> failedJobs = jobsOf(spec, seen).stream().filter(PodDiagnosis::isFailed).toList();
    // the failed Jobs as they are now say all the recorded JobFailed cause said, and more if another failed since
    if (failed != null && "False".equals(failed.getStatus())
        && !("JobFailed".equals(failed.getReason()) && !failedJobs.isEmpty())) {
      causes.add(failed.getMessage());
    }
    if (!failedJobs.isEmpty()) {
      causes.add(jobFailures(failedJobs, seen));
    }
    if (causes.isEmpty() && !got.problems().isEmpty()) {
      causes.add(list(got.problems()));
    }
    // Failure never looks like success: a point in which no operation succeeded fails the run, whatever else.
    List<NoSuccess.Point> none = NoSuccess.failed(NoSuccess.ofRows(merged.rows()));
    if (!none.isEmpty()) {
      causes.add("no operation succeeded in " + NoSuccess.describe(none));
      reason = reason != null ? reason : causes.size() == 1 ? NO_SUCCESSFUL_REQUESTS : null;
    }
    if (causes.isEmpty()) {
      BenchmarkRunStatus.Summary sum = status.getSummary();
      String message = "merged " + screened.merged().size() + " result(s) into " + merged.rows().size() + " row(s)"
          + (sum == null ? "" : "; " + sum.getRow() + ": " + sum.getThroughput() + ", p99 " + sum.getP99()
              + (sum.getErrors() != null && sum.getErrors() > 0 ? ", " + sum.getErrors() + " errors" : ""))
          + (status.getFaults() == null ? "" : "; degraded: " + status.condition(Conditions.DEGRADED).getMessage()
              .replaceFirst(":.*", "") + " (status.faults)" + (partial ? ", partial" : ""));
      Conditions.set(status, Conditions.COMPLETED, true, "Succeeded", message, generation(), now);
      enter(Phase.Succeeded, "Succeeded", message);
    } else {
      reason = reason != null ? reason : "RunnerFailed";
      String message = String.join("; ", causes.stream().distinct().toList())
          + (partial ? " (results of " + got.documents().size() + "/" + slots.size() + " pod(s) merged, partial)" : "");
      Conditions.set(status, Conditions.COMPLETED, false, reason, message, generation(), now);
      status.setPhase(Phase.Failed);
      status.setMessage(Conditions.truncate(message));
      event(EventRecorder.WARNING, reason, message);
      LOG.warn("{} failed: {}", log, message);
      suspendActiveJobs(spec, seen);
    }
    uploadMergedReport(spec, got.documents());
    scheduleAt(now.plus(Durations.parse(spec.getTtlAfterFinished())));
  }

  /**
   * With an S3 sink, the merged JSON and CSV go next to the per-pod results, once: only in the step that ends
   * the run (a finished run never uploads again, so a restart after success neither repeats nor fails it; a
   * crash before the status write repeats the step, which rewrites the same keys). A failed upload leaves the
   * run's outcome alone and says why in the ResultsUploaded condition and a Warning Event.
   */
  private void uploadMergedReport(BenchmarkRunSpec spec, List<ResultDocument> docs) {
    BenchmarkRun ended = new BenchmarkRun();
    ended.setMetadata(run.getMetadata());
    ended.setSpec(spec);
    ended.setStatus(status);
    if (!MergedReport.wanted(ended)) {
      return;
    }
    try {
      List<String> written = MergedReport.upload(collector.store(), ended, docs);
      Conditions.set(status, Conditions.RESULTS_UPLOADED, true, "Uploaded", "merged report written to "
          + String.join(", ", written), generation(), now);
      LOG.info("{} merged report written to {}", log, written);
    } catch (Exception e) {
      String message = "could not write the merged report (" + Protocol.S3_MERGED_JSON + ", " + Protocol.S3_MERGED_CSV
          + ") to s3://" + spec.getResults().getS3().getBucket() + "/" + Protocol.s3RunPrefix(
              spec.getResults().getS3().getPrefix(), namespace(), name()) + ": " + cause(e)
          + "; the run's results are unaffected (`regatta report` can produce the files)";
      Conditions.set(status, Conditions.RESULTS_UPLOADED, false, "UploadFailed", message, generation(), now);
      event(EventRecorder.WARNING, "ResultsUploadFailed", message);
      LOG.warn("{} {}", log, message);
    }
  }

  private static String cause(Throwable e) {
    StringBuilder b = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      b.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
      if (b.length() > 600) {
        break;
      }
    }
    return b.toString();
  }

  /** TTL: a finished run keeps status and result ConfigMaps; its Jobs and pods go after ttlAfterFinished. */
  private void finished() {
    if (status.getCompletionTime() == null || run.getSpec() == null || run.getSpec().getTtlAfterFinished() == null
        || !Durations.isValid(run.getSpec().getTtlAfterFinished())) {
      return;
    }
    Instant expiry = Instant.parse(status.getCompletionTime()).plus(Durations.parse(run.getSpec().getTtlAfterFinished()));
    if (now.isBefore(expiry)) {
      // A finished run needs no watching, only its TTL timer (a restart reconciles it again anyway).
      reschedule = Duration.between(now, expiry).plusMillis(50);
      return;
    }
    Observed seen = Observed.of(ctx, run.getMetadata().getUid());
    if (seen.jobs().isEmpty() && seen.pods().isEmpty()) {
      return;
    }
    for (String job : seen.jobs().keySet()) {
      client.batch().v1().jobs().inNamespace(namespace()).withName(job)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
    // The garbage collector removes the Jobs' pods (Background propagation); deleting the ones we see, one by
    // one, also covers pods left without a Job, with the plain delete verb.
    for (Pod p : seen.pods()) {
      client.pods().inNamespace(namespace()).withName(p.getMetadata().getName()).delete();
    }
    events.record(run, EventRecorder.NORMAL, "Cleaned", "ttlAfterFinished " + run.getSpec().getTtlAfterFinished()
        + " passed: deleted " + seen.jobs().size() + " Job(s) and their pods; status and result ConfigMaps stay");
    LOG.info("{} ttl passed: deleted Jobs {}", log, seen.jobs().keySet());
  }

  // ---- failures ----

  /** The operator's own backstop for spec.timeout, in case the Jobs' activeDeadlineSeconds did not end them. */
  private boolean pastDeadline(BenchmarkRunSpec spec, Observed seen) {
    if (now.isBefore(deadline(spec))) {
      return false;
    }
    fail(seen, "DeadlineExceeded", "the run did not finish within its timeout " + spec.getTimeout()
        + "; still running: " + list(jobsOf(spec, seen).stream().filter(j -> !PodDiagnosis.isComplete(j))
            .map(j -> "Job " + j.getMetadata().getName()).toList()));
    return true;
  }

  /** Failures no waiting can cure: fail now, before any timeout. Returns true when the run was failed. */
  private boolean failFast(Observed seen) {
    Optional<String> fatal = PodDiagnosis.fatalWaiting(seen.pods());
    if (fatal.isPresent()) {
      fail(seen, fatal.get().contains("pull image") ? "ImagePullFailed" : "PodStartFailed", fatal.get());
      return true;
    }
    List<Job> failedJobs = seen.jobs().values().stream().filter(PodDiagnosis::isFailed).toList();
    if (!failedJobs.isEmpty()) {
      fail(seen, "JobFailed", jobFailures(failedJobs, seen));
      return true;
    }
    return false;
  }

  /**
   * Records the cause in the Completed condition (so it survives a restart) and goes to Collecting, which
   * merges whatever results arrived and ends Failed.
   */
  private void fail(Observed seen, String reason, String message) {
    Conditions.set(status, Conditions.COMPLETED, false, reason, message, generation(), now);
    if (status.condition(Conditions.RUNNERS_READY) != null
        && "False".equals(status.condition(Conditions.RUNNERS_READY).getStatus())) {
      Conditions.set(status, Conditions.RUNNERS_READY, false, reason, message, generation(), now);
    }
    enter(Phase.Collecting, "Collecting", "failing (" + reason + "): " + message);
    reschedule = NEXT_STEP;
  }

  /**
   * Failed Jobs, with their failed pods' own words (exit code, termination message, runner message), each
   * cause once with the pods it hit: the same error in every pod and retry is read once, with its count.
   */
  private String jobFailures(List<Job> jobs, Observed seen) {
    java.util.Set<String> names = new java.util.HashSet<>();
    jobs.forEach(j -> names.add(j.getMetadata().getName()));
    List<Pod> pods = seen.pods().stream()
        .filter(p -> names.contains(label(p, "job-name")) || names.contains(label(p, "batch.kubernetes.io/job-name")))
        .filter(PodDiagnosis::isFailed).toList();
    List<String> causes = PodDiagnosis.groupedFailures(pods);
    return String.join("; ", jobs.stream().map(PodDiagnosis::jobFailure).toList())
        + (causes.isEmpty() ? "" : "; " + list(causes));
  }

  /**
   * Runner pods that failed while the run is Running: whatever they had measured is lost, and the Job's
   * replacement will start late. Said at once (status.faults, Degraded, a Warning Event), once per pod: what is
   * in status.faults has been said.
   */
  private void lostRunners(Observed seen, Map<String, ConfigMap> maps) {
    List<Fault> known = status.getFaults() == null ? new ArrayList<>() : new ArrayList<>(status.getFaults());
    List<String> said = new ArrayList<>();
    for (Pod p : seen.pods()) {
      String slot = PodDiagnosis.slotOf(p);
      if (!PodDiagnosis.isFailed(p) || slot == null
          || known.stream().anyMatch(f -> p.getMetadata().getName().equals(f.getPod()))) {
        continue;
      }
      ConfigMap cm = maps.get(Protocol.resultConfigMapName(name(), label(p, Protocol.LABEL_PLACEMENT),
          Integer.parseInt(label(p, PodDiagnosis.JOB_INDEX_LABEL))));
      Map<String, String> data = cm == null || cm.getData() == null ? Map.of() : cm.getData();
      if (Protocol.STATE_DONE.equals(data.get(Protocol.STATE_KEY))
          && p.getMetadata().getName().equals(data.get(Protocol.POD_KEY))) {
        continue; // it published its result before it failed: nothing is lost
      }
      if (failedBeforeStart(p, data)) {
        continue; // it failed while preparing and was replaced in time: nothing is lost
      }
      String message = "pod " + p.getMetadata().getName() + " (" + slot + ") failed after the start: "
          + PodDiagnosis.failure(p).replaceFirst("^pod \\S+: ?", "") + "; what it measured is lost (partial); the "
          + "Job retries index " + label(p, PodDiagnosis.JOB_INDEX_LABEL) + ", and a replacement that starts late "
          + "is left out of results";
      Fault f = new Fault(Fault.LOST_WHILE_MEASURING, p.getMetadata().getName(), label(p, Protocol.LABEL_PLACEMENT),
          Integer.valueOf(label(p, PodDiagnosis.JOB_INDEX_LABEL)), message);
      f.setExcluded(true);
      known.add(f);
      said.add(message);
    }
    if (!said.isEmpty()) {
      faults(known);
      event(EventRecorder.WARNING, "RunnerLost", list(said));
      LOG.warn("{} runner(s) lost while running: {}", log, said);
    }
  }

  /**
   * A pod that failed before the start instant was published (it ended before every runner was ready, so the
   * barrier waited for its replacement), or that its replacement recorded as before-start: a retry that cost
   * nothing. Once the instant is published a replacement can only start late, so a later failure is a loss.
   */
  private boolean failedBeforeStart(Pod p, Map<String, String> resultData) {
    String replaced = resultData.getOrDefault(Protocol.REPLACED_KEY, "");
    if (replaced.lines().anyMatch(l -> l.equals(p.getMetadata().getName() + " " + Protocol.REPLACED_BEFORE_START))) {
      return true;
    }
    Condition ready = status.condition(Conditions.RUNNERS_READY);
    Instant ended = PodDiagnosis.finishedAt(p);
    if (ready == null || !"True".equals(ready.getStatus()) || ready.getLastTransitionTime() == null || ended == null) {
      return false;
    }
    try {
      return ended.isBefore(Instant.parse(ready.getLastTransitionTime()));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Writes the faults into status (at most {@link BenchmarkRunStatus#MAX_FAULTS}) and the Degraded condition
   * counting them all; on the step that ends the run, a Warning Event says the same. A pod lost while Running
   * that the merge did not rediscover (its replacement never reported) stays on the list.
   */
  private void faults(List<Fault> found) {
    List<Fault> all = new ArrayList<>(found);
    if (status.getFaults() != null) {
      for (Fault old : status.getFaults()) {
        if (all.stream().noneMatch(f -> Objects.equals(f.getPod(), old.getPod())
            && Objects.equals(f.getType(), old.getType()))) {
          all.add(old);
        }
      }
    }
    status.setFaults(all.isEmpty() ? null
        : new ArrayList<>(all.subList(0, Math.min(all.size(), BenchmarkRunStatus.MAX_FAULTS))));
    boolean ending = status.getCompletionTime() != null;
    if (all.isEmpty()) {
      if (ending) {
        Conditions.set(status, Conditions.DEGRADED, false, "NoFaults", "no fault touched the results: no runner "
            + "lost after the start, none late, no sidecar restarted, no point that measured nothing", generation(), now);
      }
      return;
    }
    String reason = FAULT_ORDER.stream().filter(t -> all.stream().anyMatch(f -> t.equals(f.getType()))).findFirst()
        .orElse(all.get(0).getType());
    String message = all.size() + " fault(s): " + list(all.stream().map(Fault::getMessage).toList());
    Condition before = status.condition(Conditions.DEGRADED);
    Conditions.set(status, Conditions.DEGRADED, true, reason, message, generation(), now);
    if (ending && (before == null || !Conditions.truncate(message).equals(before.getMessage()))) {
      event(EventRecorder.WARNING, reason, message);
    }
  }

  /** The start instant as published (status.barrier.startAt), or null. */
  private Instant startInstant() {
    try {
      return status.getBarrier() == null || status.getBarrier().getStartAt() == null ? null
          : Instant.parse(status.getBarrier().getStartAt());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void suspendActiveJobs(BenchmarkRunSpec spec, Observed seen) {
    for (Job j : jobsOf(spec, seen)) {
      if (!PodDiagnosis.isComplete(j) && !PodDiagnosis.isFailed(j)
          && (j.getSpec() == null || !Boolean.TRUE.equals(j.getSpec().getSuspend()))) {
        try {
          // Stops the remaining pods (nothing useful can come of them) but keeps the Job for inspection.
          client.batch().v1().jobs().inNamespace(namespace()).withName(j.getMetadata().getName())
              .edit(x -> {
                x.getSpec().setSuspend(true);
                return x;
              });
        } catch (KubernetesClientException e) {
          LOG.warn("{} could not suspend Job {}: {}", log, j.getMetadata().getName(), e.getMessage());
        }
      }
    }
  }

  // ---- helpers ----

  private void refuseSpecChange() {
    Long gen = run.getMetadata().getGeneration();
    Long accepted = status.getObservedGeneration();
    if (gen != null && accepted != null && gen > accepted) {
      String message = "spec changed after the run was accepted (generation " + gen + ", accepted " + accepted
          + "): the change is ignored and the run continues with the accepted spec; to run the new spec, delete "
          + "the run and apply it again or apply it under a new name";
      if (status.condition(Conditions.SPEC_CHANGE_REFUSED) == null) {
        event(EventRecorder.WARNING, "SpecChangeRefused", message);
      }
      Conditions.set(status, Conditions.SPEC_CHANGE_REFUSED, true, "SpecImmutable", message, gen, now);
    }
  }

  private void enter(Phase phase, String reason, String message) {
    status.setPhase(phase);
    status.setMessage(Conditions.truncate(message));
    event(EventRecorder.NORMAL, reason, message);
    LOG.info("{} phase {}: {}", log, phase, message);
  }

  private void event(String type, String reason, String message) {
    pendingEvents.add(new String[] {type, reason, message});
  }

  private void counts(List<RunObjects.Slot> slots, Observed seen, Map<String, ConfigMap> maps) {
    BenchmarkRunStatus.PodCounts c = status.getPods() == null ? new BenchmarkRunStatus.PodCounts() : status.getPods();
    c.setExpected(slots.size());
    c.setReady((int) StartBarrier.readyCount(slots, maps));
    c.setRunning((int) seen.podsInPhase("Running"));
    c.setSucceeded((int) seen.podsInPhase("Succeeded"));
    c.setFailed((int) seen.podsInPhase("Failed"));
    status.setPods(c);
  }

  private void skew(List<ResultDocument> docs) {
    List<Long> starts = docs.stream().map(ResultDocument::measuredStartEpochMicros).filter(Objects::nonNull).toList();
    if (starts.size() < 1 || status.getBarrier() == null) {
      return;
    }
    long min = starts.stream().mapToLong(Long::longValue).min().orElse(0);
    long max = starts.stream().mapToLong(Long::longValue).max().orElse(0);
    status.getBarrier().setSkewMillis(round((max - min) / 1000.0));
  }

  static BenchmarkRunStatus.Summary summary(ResultRow row) {
    // the headline figure with its unit (issue 12): built where the row's figures are defined
    return BenchmarkRunStatus.Summary.of(row);
  }

  /** Result ConfigMaps read from the API, not the cache: a Job's Complete event may overtake its pods' last write. */
  private Map<String, ConfigMap> freshResultMaps() {
    Map<String, ConfigMap> maps = new HashMap<>();
    String cont = null;
    do {
      ConfigMapList page = client.configMaps().inNamespace(namespace())
          .withLabel(Protocol.LABEL_RUN, name()).withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT)
          .list(new ListOptionsBuilder().withLimit(200L).withContinue(cont).build());
      page.getItems().forEach(c -> maps.put(c.getMetadata().getName(), c));
      cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    return maps;
  }

  private List<Job> jobsOf(BenchmarkRunSpec spec, Observed seen) {
    return spec.getPlacements().stream().map(p -> seen.jobs().get(Protocol.jobName(name(), p.getName())))
        .filter(Objects::nonNull).toList();
  }

  /** Where the complete per-pod documents are: status keeps only merged rows. */
  private String resultsLocation(BenchmarkRunSpec spec) {
    if (spec.getResults() != null && spec.getResults().getS3() != null) {
      return "s3://" + spec.getResults().getS3().getBucket() + "/"
          + Protocol.s3RunPrefix(spec.getResults().getS3().getPrefix(), namespace(), name());
    }
    return "configmaps -n " + namespace() + " -l " + Protocol.LABEL_RUN + "=" + name() + ","
        + Protocol.LABEL_COMPONENT + "=" + Protocol.COMPONENT_RESULT + " (key " + Protocol.RESULT_KEY + ")";
  }

  private Instant deadline(BenchmarkRunSpec spec) {
    Duration timeout = Durations.parse(spec.getTimeout());
    return startedAt().plus(timeout).plus(collectGrace(timeout));
  }

  private Instant startedAt() {
    return status.getStartTime() == null ? now : Instant.parse(status.getStartTime());
  }

  private Instant createdAt() {
    String c = run.getMetadata().getCreationTimestamp();
    try {
      return c == null ? startedAt() : Instant.parse(c);
    } catch (RuntimeException e) {
      return startedAt();
    }
  }

  private void scheduleAt(Instant when) {
    Duration d = Duration.between(now, when);
    if (d.isNegative() || d.isZero()) {
      d = NEXT_STEP;
    }
    reschedule = d.compareTo(MAX_RESCHEDULE) > 0 ? MAX_RESCHEDULE : d.plusMillis(50);
  }

  private static String label(HasMetadata o, String key) {
    return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
  }

  private static String list(List<String> items) {
    if (items.size() <= MAX_LISTED_PROBLEMS) {
      return String.join("; ", items);
    }
    return String.join("; ", items.subList(0, MAX_LISTED_PROBLEMS)) + "; and " + (items.size() - MAX_LISTED_PROBLEMS)
        + " more";
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private Long generation() {
    return status.getObservedGeneration();
  }

  private String name() {
    return run.getMetadata().getName();
  }

  private String key() {
    return namespace() + "/" + name();
  }

  private String namespace() {
    return run.getMetadata().getNamespace();
  }
}
