package dev.regatta.kubesim.jobs;

import dev.regatta.kubesim.Component;
import dev.regatta.kubesim.Timers;
import dev.regatta.kubesim.events.EventReason;
import dev.regatta.kubesim.events.EventRecorder;
import dev.regatta.kubesim.kubelet.PodStatuses;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
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
 * The Job controller, for Indexed Jobs as Kubernetes 1.31+ runs them: one pod per index up to parallelism until
 * every index has succeeded; a failed pod counted against backoffLimit and backoffLimitPerIndex (an index out of
 * retries is failed, the Job fails with FailedIndexes once every index is done, or at once past maxFailedIndexes);
 * podFailurePolicy rules (FailJob, FailIndex, Ignore, Count) on exit codes and pod conditions;
 * activeDeadlineSeconds; suspend (active pods deleted, not counted; the deadline starts again on resume). It sets
 * SuccessCriteriaMet then Complete, or FailureTarget, deletes the active pods, then Failed, each with the real
 * controller's reason and message, and its Events. A pod deleted before it ended counts as failed.
 *
 * <p>It retries a failed index at once (a cluster waits 10 s, doubling). A pod the kubelet marks with
 * {@link PodStatuses#PERMANENT_START_ERROR} fails its Job at once (reason StartError): a cluster would spend the
 * retries on the same error.
 *
 * <p>Runs on the control loop: every method is called from that one thread.
 */
public final class JobController {
  private static final Logger LOG = LoggerFactory.getLogger(JobController.class);
  private static final String COMPLETIONS_REACHED = "Reached expected number of succeeded pods";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;
  private final Timers timers;
  /** by Job uid */
  private final Map<String, JobState> jobs = new HashMap<>();

  public JobController(KubernetesClient client, EventRecorder events, Clock clock, Timers timers) {
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.timers = timers;
  }

  /** A Job was added or changed (its spec: suspend, activeDeadlineSeconds). */
  public void jobChanged(Job job) {
    JobState s = jobs.get(job.getMetadata().getUid());
    if (s == null) {
      s = new JobState(job);
      jobs.put(job.getMetadata().getUid(), s);
      s.finished = isFinished(job);
      if (!s.finished) {
        adopt(s);
      }
    }
    s.job = job;
    if (isFinished(job)) {
      s.finished = true;
      s.cancelDeadline();
    }
    sync(s);
  }

  public void jobDeleted(Job job) {
    JobState s = jobs.remove(job.getMetadata().getUid());
    if (s != null) {
      s.cancelDeadline();
    }
  }

  /** A pod was added or changed: its readiness, or its end. */
  public void podChanged(Pod pod) {
    JobState s = owner(pod);
    if (s == null || s.counted.contains(pod.getMetadata().getName())) {
      return;
    }
    if (PodStatuses.isTerminal(pod)) {
      ended(s, pod);
      sync(s);
      return;
    }
    String name = pod.getMetadata().getName();
    boolean changed = PodStatuses.isReady(pod) && s.active.containsValue(name) ? s.ready.add(name) : s.ready.remove(name);
    if (changed) {
      writeStatus(s);
    }
  }

  /** A pod was deleted: if it had not ended, and the controller did not delete it, it counts as failed. */
  public void podDeleted(Pod pod) {
    JobState s = owner(pod);
    if (s == null) {
      return;
    }
    String name = pod.getMetadata().getName();
    if (s.deleting.remove(name) || !s.counted.add(name)) {
      return;
    }
    Integer index = s.indexOf.get(name);
    s.ready.remove(name);
    if (index == null || !name.equals(s.active.get(index))) {
      return;
    }
    s.active.remove(index);
    if (!s.finished) {
      countFailure(s, index);
      if (!overLimits(s)) {
        sync(s);
      }
    }
  }

  /** The pods of a Job seen for the first time (the controller started after it): running ones stay, ended count. */
  private void adopt(JobState s) {
    List<Pod> pods;
    try {
      pods = client.pods().inNamespace(s.namespace())
          .withLabel(IndexedPods.CONTROLLER_UID_LABEL, s.job.getMetadata().getUid()).list().getItems();
    } catch (RuntimeException e) {
      LOG.debug("pods of job {}: {}", s.name(), e.toString());
      return;
    }
    for (Pod p : pods) {
      int index = IndexedPods.index(p);
      if (index < 0) {
        index = freeSlot(s);
      }
      s.indexOf.put(p.getMetadata().getName(), index);
      if (PodStatuses.isTerminal(p)) {
        ended(s, p);
      } else if (p.getMetadata().getDeletionTimestamp() == null) {
        s.active.put(index, p.getMetadata().getName());
      }
    }
  }

  private void ended(JobState s, Pod pod) {
    String name = pod.getMetadata().getName();
    s.counted.add(name);
    s.ready.remove(name);
    Integer index = s.indexOf.get(name);
    if (index == null) {
      return;
    }
    if (name.equals(s.active.get(index))) {
      s.active.remove(index);
    }
    if (s.finished) {
      return;
    }
    if ("Succeeded".equals(pod.getStatus().getPhase())) {
      if (!s.failedIndexes.contains(index)) {
        s.succeeded.add(index);
      }
      return;
    }
    if (PodStatuses.hasCondition(pod, PodStatuses.PERMANENT_START_ERROR)) {
      s.failed++;
      fail(s, EventReason.START_ERROR, "Pod " + s.namespace() + "/" + name + " cannot start, and retrying cannot fix it");
      return;
    }
    Optional<FailurePolicy.Match> rule = FailurePolicy.match(s.job, pod);
    switch (rule.map(FailurePolicy.Match::action).orElse(FailurePolicy.COUNT)) {
      case FailurePolicy.FAIL_JOB -> {
        s.failed++;
        fail(s, EventReason.POD_FAILURE_POLICY, rule.get().message(pod));
        return;
      }
      case FailurePolicy.IGNORE -> {
        // not a failure: the index runs again
      }
      case FailurePolicy.FAIL_INDEX -> {
        s.failed++;
        s.failedIndexes.add(index);
      }
      default -> countFailure(s, index);
    }
    overLimits(s);
  }

  private static void countFailure(JobState s, int index) {
    s.failed++;
    Integer perIndex = s.backoffLimitPerIndex();
    if (perIndex != null && s.failuresPerIndex.merge(index, 1, Integer::sum) > perIndex) {
      s.failedIndexes.add(index);
    }
  }

  /** Fails the Job when a limit is passed; true if it did. */
  private boolean overLimits(JobState s) {
    if (s.finished) {
      return true;
    }
    if (s.failed > s.backoffLimit()) {
      fail(s, EventReason.BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit");
      return true;
    }
    Integer max = s.job.getSpec().getMaxFailedIndexes();
    if (max != null && s.failedIndexes.size() > max) {
      fail(s, EventReason.MAX_FAILED_INDEXES_EXCEEDED,
          "Job has exceeded the specified maximal number of failed indexes");
      return true;
    }
    return false;
  }

  /** Brings the Job's pods and status to what its spec and its pods' history say. */
  private void sync(JobState s) {
    if (s.finished) {
      return;
    }
    Instant now = clock.instant();
    if (Boolean.TRUE.equals(s.job.getSpec().getSuspend())) {
      if (!s.suspended) {
        suspend(s, now);
      }
      return;
    }
    if (s.suspended) {
      s.suspended = false;
      s.start = now; // the deadline counts from the resume
      writeStatus(s, condition("Suspended", "False", "JobResumed", "Job resumed", now));
      events.record(s.job, Component.JOB_CONTROLLER, EventReason.RESUMED, "Job resumed");
    }
    if (s.start == null) {
      String started = s.job.getStatus() == null ? null : s.job.getStatus().getStartTime();
      s.start = started == null ? now : Instant.parse(started);
    }
    Long deadline = s.job.getSpec().getActiveDeadlineSeconds();
    if (deadline != null && !now.isBefore(s.start.plusSeconds(deadline))) {
      fail(s, EventReason.DEADLINE_EXCEEDED, "Job was active longer than specified deadline");
      return;
    }
    armDeadline(s, deadline, now);
    int completions = s.completions();
    if (s.succeeded.size() >= completions) {
      complete(s, now);
      return;
    }
    if (!s.failedIndexes.isEmpty() && s.succeeded.size() + s.failedIndexes.size() >= completions
        && s.active.isEmpty()) {
      fail(s, EventReason.FAILED_INDEXES, "Job has failed indexes");
      return;
    }
    for (int i = 0; i < completions && s.active.size() < s.parallelism(); i++) {
      if (!s.succeeded.contains(i) && !s.failedIndexes.contains(i) && !s.active.containsKey(i)) {
        createPod(s, i);
      }
    }
    writeStatus(s);
  }

  private void armDeadline(JobState s, Long seconds, Instant now) {
    Instant due = seconds == null ? null : s.start.plusSeconds(seconds);
    if (Objects.equals(due, s.deadlineDue)) {
      return;
    }
    s.cancelDeadline();
    if (due != null) {
      String uid = s.job.getMetadata().getUid();
      s.deadlineDue = due;
      s.deadline = timers.schedule(Duration.between(now, due), () -> {
        if (jobs.get(uid) == s && due.equals(s.deadlineDue)) {
          // This timer is spent. Timers keep their own time and may fire a little before the clock reads `due`;
          // then sync finds the deadline not yet passed and arms a new timer for what is left.
          s.deadline = null;
          s.deadlineDue = null;
          sync(s);
        }
      });
    }
  }

  private void createPod(JobState s, int index) {
    Pod pod = IndexedPods.forIndex(s.job, index);
    try {
      client.pods().inNamespace(s.namespace()).resource(pod).create();
    } catch (RuntimeException e) {
      LOG.debug("creating a pod of job {}: {}", s.name(), e.toString());
      return;
    }
    String name = pod.getMetadata().getName();
    s.active.put(index, name);
    s.indexOf.put(name, index);
    events.record(s.job, Component.JOB_CONTROLLER, EventReason.SUCCESSFUL_CREATE, "Created pod: " + name);
  }

  private void suspend(JobState s, Instant now) {
    s.suspended = true;
    s.cancelDeadline();
    deleteActive(s);
    s.start = null;
    writeStatus(s, condition("Suspended", "True", "JobSuspended", "Job suspended", now));
    events.record(s.job, Component.JOB_CONTROLLER, EventReason.SUSPENDED, "Job suspended");
  }

  private void complete(JobState s, Instant now) {
    s.finished = true;
    s.cancelDeadline();
    writeStatus(s, condition("SuccessCriteriaMet", "True", "CompletionsReached", COMPLETIONS_REACHED, now));
    writeStatus(s, condition("Complete", "True", "CompletionsReached", COMPLETIONS_REACHED, now));
    events.record(s.job, Component.JOB_CONTROLLER, EventReason.COMPLETED, "Job completed");
  }

  /** FailureTarget first, then the active pods go, then Failed: the order the real controller writes them in. */
  private void fail(JobState s, EventReason reason, String message) {
    Instant now = clock.instant();
    s.finished = true;
    s.cancelDeadline();
    writeStatus(s, condition("FailureTarget", "True", reason.reason(), message, now));
    deleteActive(s);
    writeStatus(s, condition("Failed", "True", reason.reason(), message, now));
    events.record(s.job, Component.JOB_CONTROLLER, reason, message);
  }

  private void deleteActive(JobState s) {
    for (String pod : new ArrayList<>(s.active.values())) {
      s.deleting.add(pod);
      try {
        client.pods().inNamespace(s.namespace()).withName(pod).delete();
        events.record(s.job, Component.JOB_CONTROLLER, EventReason.SUCCESSFUL_DELETE, "Deleted pod: " + pod);
      } catch (RuntimeException e) {
        LOG.debug("deleting pod {}: {}", pod, e.toString());
      }
    }
    s.active.clear();
    s.ready.clear();
  }

  private void writeStatus(JobState s, JobCondition... added) {
    JobStatuses.write(client, s, added);
  }

  private JobState owner(Pod pod) {
    String uid = IndexedPods.jobUid(pod);
    JobState s = uid == null ? null : jobs.get(uid);
    if (s != null) {
      s.indexOf.computeIfAbsent(pod.getMetadata().getName(), n -> {
        int index = IndexedPods.index(pod);
        return index >= 0 ? index : freeSlot(s);
      });
    }
    return s;
  }

  /** A NonIndexed Job's pods have no index: each gets the lowest slot no running or succeeded pod holds. */
  private static int freeSlot(JobState s) {
    int i = 0;
    while (s.active.containsKey(i) || s.succeeded.contains(i)) {
      i++;
    }
    return i;
  }

  static boolean isFinished(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
        .stream().anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
            && "True".equals(c.getStatus()));
  }

  private static JobCondition condition(String type, String status, String reason, String message, Instant now) {
    return JobStatuses.condition(type, status, reason, message, now);
  }
}
