package dev.regatta.kubesim.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.kubesim.events.EventRecorder;
import dev.regatta.kubesim.kubelet.PodStatuses;
import dev.regatta.kubesim.testing.ManualTime;
import dev.regatta.kubesim.testing.MockApi;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Job controller on its own, called as the control loop would call it (synchronously, on the test's thread),
 * against the mock API, with a clock that moves when the test says. The test plays the kubelet: it ends pods by
 * writing their status.
 */
class JobControllerTest {
  static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");
  static MockApi api;
  static KubernetesClient client;
  static int namespaces;
  String ns;
  ManualTime time;
  JobController controller;

  @BeforeAll
  static void startApi() {
    api = new MockApi();
    client = api.client();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @BeforeEach
  void newController() {
    ns = "t" + (++namespaces);
    time = new ManualTime(T0);
    controller = new JobController(client, new EventRecorder(client, "test", time), time, time);
  }

  // ---- what the Job controller does ----

  @Test
  void anIndexedJobRunsParallelismPodsAtATimeUntilEveryIndexHasSucceeded() {
    Job job = submit("sweep", s -> {
      s.setCompletions(3);
      s.setParallelism(2);
    });
    List<Pod> first = pods(job);
    assertEquals(List.of(0, 1), first.stream().map(IndexedPods::index).toList());
    Pod p0 = first.get(0);
    assertTrue(p0.getMetadata().getName().matches("sweep-0-[bcdfghjklmnpqrstvwxz2456789]{5}"), p0.getMetadata().getName());
    assertEquals("0", p0.getMetadata().getLabels().get(Protocol.LABEL_JOB_COMPLETION_INDEX));
    assertEquals("0", p0.getMetadata().getAnnotations().get(Protocol.LABEL_JOB_COMPLETION_INDEX));
    assertEquals("sweep", p0.getMetadata().getLabels().get(IndexedPods.JOB_NAME_LABEL));
    assertEquals(job.getMetadata().getUid(), p0.getMetadata().getLabels().get(IndexedPods.CONTROLLER_UID_LABEL));
    assertEquals("bench", p0.getMetadata().getLabels().get("app"), "the template's labels");
    assertEquals("sweep-0", p0.getSpec().getHostname());
    assertEquals(job.getMetadata().getUid(), p0.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals(Boolean.TRUE, p0.getMetadata().getOwnerReferences().get(0).getController());
    var env = p0.getSpec().getContainers().get(0).getEnv().get(0);
    assertEquals(Protocol.ENV_INDEX, env.getName());
    assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
        env.getValueFrom().getFieldRef().getFieldPath());
    assertEquals(Protocol.ENV_INDEX, p0.getSpec().getInitContainers().get(0).getEnv().get(0).getName());
    assertEquals(2, job(job).getStatus().getActive());
    assertEquals(T0.toString(), job(job).getStatus().getStartTime());

    end(p0, 0);
    assertEquals(List.of(1, 2), running(job).stream().map(IndexedPods::index).toList(), "index 2 starts in its place");
    assertEquals("0", job(job).getStatus().getCompletedIndexes());
    running(job).forEach(p -> end(p, 0));

    Job done = job(job);
    assertEquals(List.of("SuccessCriteriaMet", "Complete"), types(done));
    for (JobCondition c : done.getStatus().getConditions()) {
      assertEquals("True", c.getStatus());
      assertEquals("CompletionsReached", c.getReason());
      assertEquals("Reached expected number of succeeded pods", c.getMessage());
    }
    assertEquals(3, done.getStatus().getSucceeded());
    assertEquals(0, done.getStatus().getActive());
    assertEquals("0-2", done.getStatus().getCompletedIndexes());
    assertEquals(T0.toString(), done.getStatus().getCompletionTime());
    assertEquals(List.of("SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate", "Completed"), reasons(job));
  }

  @Test
  void aFailedIndexIsRetriedUpToItsBackoffLimitThenTheJobFailsOnceEveryOtherIndexIsDone() {
    Job job = submit("crash", s -> {
      s.setCompletions(2);
      s.setParallelism(2);
      s.setBackoffLimitPerIndex(1);
    });
    Pod first = index(pods(job), 0);
    end(first, 1);
    Pod retry = index(running(job), 0);
    assertNotEquals(first.getMetadata().getName(), retry.getMetadata().getName(), "a new pod for the same index");
    assertEquals(1, job(job).getStatus().getFailed());
    assertEquals("", job(job).getStatus().getFailedIndexes());
    end(retry, 1);
    assertEquals(List.of(1), running(job).stream().map(IndexedPods::index).toList(), "index 0 is out of retries");
    assertEquals("0", job(job).getStatus().getFailedIndexes());
    assertFalse(JobController.isFinished(job(job)), "index 1 still runs: the Job is not done");

    end(index(running(job), 1), 0);
    Job failed = job(job);
    assertEquals(List.of("FailureTarget", "Failed"), types(failed));
    assertEquals("FailedIndexes", condition(failed, "Failed").getReason());
    assertEquals("Job has failed indexes", condition(failed, "Failed").getMessage());
    assertEquals(2, failed.getStatus().getFailed());
    assertEquals("1", failed.getStatus().getCompletedIndexes());
    assertNull(failed.getStatus().getCompletionTime(), "only a complete Job has a completion time");
    assertEquals("FailedIndexes", reasons(job).get(reasons(job).size() - 1));
  }

  @Test
  void anExitCodeMatchingAFailJobRuleFailsTheJobAtOnceAndDeletesItsOtherPods() {
    Job job = submit("badcfg", s -> {
      s.setCompletions(2);
      s.setParallelism(2);
      s.setBackoffLimitPerIndex(2);
    });
    List<Pod> pods = pods(job);
    end(pods.get(0), 2);
    Job failed = job(job);
    assertEquals(List.of("FailureTarget", "Failed"), types(failed));
    JobCondition c = condition(failed, "Failed");
    assertEquals("PodFailurePolicy", c.getReason());
    assertEquals("Container runner for pod " + ns + "/" + pods.get(0).getMetadata().getName()
        + " failed with exit code 2 matching FailJob rule at index 0", c.getMessage());
    assertEquals(c.getMessage(), condition(failed, "FailureTarget").getMessage());
    assertEquals(List.of(pods.get(0).getMetadata().getName()), podNames(job), "the other pod is deleted");
    assertEquals(0, failed.getStatus().getActive());
    assertEquals(1, failed.getStatus().getFailed());
    assertTrue(reasons(job).contains("SuccessfulDelete"));
    Event warning = events(job).get(events(job).size() - 1);
    assertEquals("Warning", warning.getType());
    assertEquals("PodFailurePolicy", warning.getReason());

    controller.podDeleted(pods.get(1));
    assertEquals(1, job(job).getStatus().getFailed(), "a pod the controller deleted itself is no failure");
  }

  @Test
  void aFailureAnIgnoreRuleMatchesIsNotCountedAndItsIndexRunsAgain() {
    Job job = submit("evicted", s -> s.setBackoffLimit(0));
    Pod p = pods(job).get(0);
    Pod evicted = writeStatus(p, st -> {
      st.setPhase("Failed");
      st.setConditions(List.of(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
          .withReason("EvictionByEvictionAPI").build()));
    });
    controller.podChanged(evicted);
    assertEquals(0, job(job).getStatus().getFailed());
    assertEquals(1, running(job).size());
    assertFalse(JobController.isFinished(job(job)), "backoffLimit 0 was not spent");
  }

  @Test
  void everyFailureCountsAgainstTheBackoffLimit() {
    Job job = submit("limit", s -> {
      s.setBackoffLimit(1);
      s.setPodFailurePolicy(null);
    });
    end(pods(job).get(0), 1);
    end(running(job).get(0), 137);
    Job failed = job(job);
    assertEquals("BackoffLimitExceeded", condition(failed, "Failed").getReason());
    assertEquals("Job has reached the specified backoff limit", condition(failed, "Failed").getMessage());
    assertEquals(2, failed.getStatus().getFailed());
    assertNull(failed.getStatus().getFailedIndexes(), "no per-index limit, no failedIndexes");
  }

  @Test
  void moreFailedIndexesThanMaxFailedIndexesFailTheJobAtOnce() {
    Job job = submit("maxfailed", s -> {
      s.setCompletions(3);
      s.setParallelism(3);
      s.setBackoffLimitPerIndex(0);
      s.setMaxFailedIndexes(0);
    });
    end(index(pods(job), 1), 1);
    Job failed = job(job);
    assertEquals("MaxFailedIndexesExceeded", condition(failed, "Failed").getReason());
    assertEquals("1", failed.getStatus().getFailedIndexes());
    assertEquals(1, podNames(job).size(), "the two other pods are deleted");
  }

  @Test
  void aFailIndexRuleFailsTheIndexWithoutARetry() {
    Job job = submit("failindex", s -> {
      s.setCompletions(2);
      s.setParallelism(2);
      s.setBackoffLimitPerIndex(5);
      s.getPodFailurePolicy().getRules().add(0, new PodFailurePolicyRuleBuilder().withAction("FailIndex")
          .withNewOnExitCodes().withOperator("In").withValues(3).endOnExitCodes().build());
    });
    end(index(pods(job), 0), 3);
    assertEquals("0", job(job).getStatus().getFailedIndexes());
    assertEquals(List.of(1), running(job).stream().map(IndexedPods::index).toList());
  }

  @Test
  void aJobPastItsActiveDeadlineFailsAndItsPodsAreDeleted() {
    Job job = submit("slow", s -> s.setActiveDeadlineSeconds(10L));
    time.advance(Duration.ofSeconds(9));
    assertFalse(JobController.isFinished(job(job)));
    time.advance(Duration.ofSeconds(1));
    Job failed = job(job);
    assertEquals(List.of("FailureTarget", "Failed"), types(failed));
    assertEquals("DeadlineExceeded", condition(failed, "Failed").getReason());
    assertEquals("Job was active longer than specified deadline", condition(failed, "Failed").getMessage());
    assertEquals(T0.plusSeconds(10).toString(), condition(failed, "Failed").getLastTransitionTime());
    assertTrue(podNames(job).isEmpty());
  }

  @Test
  void aShorterDeadlineSetLaterCountsFromTheJobsStart() {
    Job job = submit("shortened", s -> s.setActiveDeadlineSeconds(600L));
    time.advance(Duration.ofSeconds(5));
    controller.jobChanged(edit(job, j -> j.getSpec().setActiveDeadlineSeconds(2L)));
    assertEquals("DeadlineExceeded", condition(job(job), "Failed").getReason());
  }

  @Test
  void aDeadlineTimerThatFiresEarlyIsArmedAgainAndTheJobStillFails() {
    // The control loop's timers keep the scheduler's time, not the clock the controller reads: one may fire a
    // moment before the clock reaches the deadline. Such a timer is captured here and run early by hand.
    List<Runnable> timers = new ArrayList<>();
    controller = new JobController(client, new EventRecorder(client, "test", time), time, (delay, task) -> {
      timers.add(task);
      return () -> timers.remove(task);
    });
    Job job = submit("early", s -> s.setActiveDeadlineSeconds(10L));
    assertEquals(1, timers.size(), "the deadline's timer");

    time.advance(Duration.ofSeconds(10).minusMillis(1));
    timers.remove(0).run();
    assertFalse(JobController.isFinished(job(job)), "1 ms before its deadline");
    assertEquals(1, timers.size(), "a timer for the millisecond left");

    time.advance(Duration.ofMillis(1));
    timers.remove(0).run();
    assertEquals("DeadlineExceeded", condition(job(job), "Failed").getReason());
  }

  @Test
  void suspendingDeletesTheActivePodsUncountedAndResumingStartsThemAndTheDeadlineAgain() {
    Job job = submit("paused", s -> {
      s.setCompletions(2);
      s.setParallelism(2);
      s.setActiveDeadlineSeconds(30L);
    });
    List<Pod> before = pods(job);
    time.advance(Duration.ofSeconds(20));
    controller.jobChanged(edit(job, j -> j.getSpec().setSuspend(true)));
    before.forEach(controller::podDeleted);
    Job suspended = job(job);
    assertTrue(podNames(job).isEmpty(), "its pods are deleted");
    assertEquals(0, suspended.getStatus().getFailed(), "not as failures");
    JobCondition c = condition(suspended, "Suspended");
    assertEquals("True", c.getStatus());
    assertEquals("JobSuspended", c.getReason());
    assertNull(suspended.getStatus().getStartTime());
    time.advance(Duration.ofSeconds(60));
    assertFalse(JobController.isFinished(job(job)), "no deadline while suspended");

    controller.jobChanged(edit(job, j -> j.getSpec().setSuspend(false)));
    Job resumed = job(job);
    assertEquals("False", condition(resumed, "Suspended").getStatus());
    assertEquals("JobResumed", condition(resumed, "Suspended").getReason());
    assertEquals(T0.plusSeconds(80).toString(), resumed.getStatus().getStartTime());
    assertEquals(2, running(job).size());
    assertEquals(List.of("Suspended", "Resumed"), reasons(job).stream()
        .filter(r -> r.equals("Suspended") || r.equals("Resumed")).toList());
    time.advance(Duration.ofSeconds(29));
    assertFalse(JobController.isFinished(job(job)));
    time.advance(Duration.ofSeconds(1));
    assertEquals("DeadlineExceeded", condition(job(job), "Failed").getReason());
  }

  @Test
  void aPodDeletedBeforeItEndedCountsAsFailedAndIsReplaced() {
    Job job = submit("deleted", s -> s.setBackoffLimitPerIndex(3));
    Pod p = pods(job).get(0);
    client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete();
    controller.podDeleted(p);
    assertEquals(1, job(job).getStatus().getFailed());
    Pod replacement = running(job).get(0);
    assertEquals(0, IndexedPods.index(replacement));
    assertNotEquals(p.getMetadata().getName(), replacement.getMetadata().getName());
  }

  @Test
  void aPodTheKubeletCannotStartForGoodFailsTheJobAtOnce() {
    Job job = submit("badimage", s -> s.setBackoffLimitPerIndex(3));
    Pod p = pods(job).get(0);
    Pod failed = writeStatus(p, st -> {
      st.setPhase("Failed");
      st.setConditions(List.of(new PodConditionBuilder().withType(PodStatuses.PERMANENT_START_ERROR)
          .withStatus("True").withReason("StartError").withMessage("InvalidImageName").build()));
    });
    controller.podChanged(failed);
    JobCondition c = condition(job(job), "Failed");
    assertEquals("StartError", c.getReason());
    assertEquals("Pod " + ns + "/" + p.getMetadata().getName() + " cannot start, and retrying cannot fix it",
        c.getMessage());
    assertTrue(running(job).isEmpty(), "no retry");
  }

  @Test
  void aControllerStartedLateTakesOverTheJobsPods() {
    Job job = submit("adopted", s -> {
      s.setCompletions(2);
      s.setParallelism(2);
    });
    List<Pod> pods = pods(job);
    end(pods.get(0), 0);
    // a new controller (a restart): it knows nothing but what the API holds
    controller = new JobController(client, new EventRecorder(client, "test", time), time, time);
    controller.jobChanged(job(job));
    assertEquals(pods.stream().map(p -> p.getMetadata().getName()).sorted().toList(), podNames(job),
        "no pod made twice");
    end(pods.get(1), 0);
    assertEquals("Complete", types(job(job)).get(1));
  }

  @Test
  void aNonIndexedJobNamesItsPodsWithoutAnIndex() {
    Job job = submit("plain", s -> {
      s.setCompletionMode("NonIndexed");
      s.setCompletions(2);
      s.setParallelism(1);
    });
    Pod p = pods(job).get(0);
    assertTrue(p.getMetadata().getName().matches("plain-[a-z0-9]{5}"), p.getMetadata().getName());
    assertNull(p.getMetadata().getLabels().get(Protocol.LABEL_JOB_COMPLETION_INDEX));
    end(p, 0);
    end(running(job).get(0), 0);
    assertEquals("Complete", types(job(job)).get(1));
    assertNull(job(job).getStatus().getCompletedIndexes());
  }

  // ---- the test plays kubectl and the kubelet ----

  private Job submit(String name, Consumer<JobSpec> edit) {
    Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withCompletionMode("Indexed").withCompletions(1).withParallelism(1)
        .withNewPodFailurePolicy()
          .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("runner").withOperator("In")
            .withValues(2).endOnExitCodes().endRule()
          .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").withStatus("True")
            .endOnPodCondition().endRule()
        .endPodFailurePolicy()
        .withNewTemplate().withNewMetadata().addToLabels("app", "bench").endMetadata()
          .withNewSpec().withRestartPolicy("Never")
            .addNewInitContainer().withName("redis").withImage("redis:7").withRestartPolicy("Always").endInitContainer()
            .addNewContainer().withName("runner").withImage("runner:1").endContainer()
          .endSpec().endTemplate()
        .endSpec().build();
    edit.accept(job.getSpec());
    Job created = client.batch().v1().jobs().inNamespace(ns).resource(job).create();
    controller.jobChanged(created);
    return created;
  }

  private Job edit(Job job, Consumer<Job> change) {
    return client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).edit(j -> {
      change.accept(j);
      return j;
    });
  }

  private Job job(Job job) {
    return client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
  }

  /** Every pod of the Job, by index then name. */
  private List<Pod> pods(Job job) {
    return client.pods().inNamespace(ns).withLabel(IndexedPods.CONTROLLER_UID_LABEL, job.getMetadata().getUid()).list()
        .getItems().stream().sorted(Comparator.comparing(IndexedPods::index)
            .thenComparing(p -> p.getMetadata().getName())).toList();
  }

  private List<Pod> running(Job job) {
    return pods(job).stream().filter(p -> !PodStatuses.isTerminal(p)).toList();
  }

  private List<String> podNames(Job job) {
    return pods(job).stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  private static Pod index(List<Pod> pods, int index) {
    return pods.stream().filter(p -> IndexedPods.index(p) == index).findFirst().orElseThrow();
  }

  /** The kubelet's part: the runner container exits with the code; the controller sees the pod's new status. */
  private void end(Pod pod, int exitCode) {
    controller.podChanged(writeStatus(pod, st -> {
      st.setPhase(exitCode == 0 ? "Succeeded" : "Failed");
      st.setContainerStatuses(List.of(new ContainerStatusBuilder().withName("runner").withNewState()
          .withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
          .endTerminated().endState().build()));
    }));
  }

  private Pod writeStatus(Pod pod, Consumer<io.fabric8.kubernetes.api.model.PodStatus> change) {
    return client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> {
      change.accept(p.getStatus());
      return p;
    });
  }

  private static List<String> types(Job job) {
    return job.getStatus().getConditions().stream().map(JobCondition::getType).toList();
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow(
        () -> new AssertionError("no " + type + " condition in " + job.getStatus().getConditions()));
  }

  private List<Event> events(Job job) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> job.getMetadata().getName().equals(e.getInvolvedObject().getName())).toList();
  }

  private List<String> reasons(Job job) {
    return events(job).stream().map(Event::getReason).toList();
  }
}
