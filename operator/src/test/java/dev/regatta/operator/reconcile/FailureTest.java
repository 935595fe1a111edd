package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.kubesim.Component;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultDocument;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a run can fail ends in Failed, with a condition and an Event naming the pod and the cause. */
class FailureTest {
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

  private static String run(String name, String... replacements) {
    String yaml = Harness.threeGroups(name);
    for (int i = 0; i < replacements.length; i += 2) {
      yaml = yaml.replace(replacements[i], replacements[i + 1]);
    }
    h.create(yaml);
    h.awaitPhase(name, Phase.Starting);
    return name;
  }

  private static BenchmarkRunStatus assertFailed(String name, String reason, String... messageParts) {
    BenchmarkRun r = h.awaitPhase(name, Phase.Failed);
    Condition c = r.getStatus().condition(Conditions.COMPLETED);
    assertEquals("False", c.getStatus());
    assertEquals(reason, c.getReason(), c.getMessage());
    for (String part : messageParts) {
      assertTrue(c.getMessage().contains(part), "condition message names '" + part + "': " + c.getMessage());
      assertTrue(r.getStatus().getMessage().contains(part), r.getStatus().getMessage());
    }
    Harness.await("a Warning Event " + reason).untilAsserted(() -> assertTrue(h.events(name).stream()
        .anyMatch(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())
            && e.getMessage().contains(messageParts[0])), () -> h.events(name).stream().map(Event::getReason).toList().toString()));
    assertTrue(r.getStatus().getCompletionTime() != null);
    return r.getStatus();
  }

  @Test
  void podFailingAfterRetriesFailsTheRunWithWhateverResultsArrivedMergedAsPartial() {
    String name = run("crash");
    List<Pod> pods = h.startAll(name);
    h.awaitPhase(name, Phase.Running);
    BenchmarkRun r = h.get(name);
    Pod bad = pods.stream().filter(p -> p.getMetadata().getName().startsWith("crash-us-1-")).findFirst().orElseThrow();
    long goodCount = 0;
    for (Pod p : pods) {
      if (p != bad) {
        ResultDocument doc = h.document(r, p);
        goodCount += doc.scenarios().stream().filter(s -> s.params().get("bufferSize").equals("4096"))
            .mapToLong(s -> s.count()).sum();
        h.runners.runnerDone(p, doc);
        h.runners.exit(p, 0, "");
      }
    }
    // The runner's crash, retried by the Job (same index) as often as backoffLimitPerIndex allows, same cause;
    // then the index is out of retries and the Job fails.
    String cause = "redis://127.0.0.1:6379 unreachable: Connection refused";
    h.runners.runnerFailed(bad, cause, null);
    h.runners.exit(bad, 1, cause);
    Pod retry = bad;
    for (int i = 0; i < JobFactory.BACKOFF_LIMIT_PER_INDEX; i++) {
      retry = h.runners.awaitRetry("crash-us", 1, retry);
      h.runners.exit(h.runners.run(retry), 1, cause);
    }

    BenchmarkRunStatus st = assertFailed(name, "JobFailed", "crash-us", retry.getMetadata().getName(), cause,
        "exited with code 1");
    assertEquals(Boolean.TRUE, st.getPartial());
    assertEquals(4, st.getPods().getResults());
    assertEquals(goodCount, st.getResults().get(0).getCount(), "the four pods' results are merged");
    assertEquals(4, st.getResults().get(0).getPods());
  }

  @Test
  void aCauseThatRepeatsInEveryRetryIsReadOnceWithItsCount() {
    String name = run("same");
    String job = name + "-eu-b";
    String cause = "executable file not found: redis-server: install it";
    List<String> podNames = new ArrayList<>();
    Pod p = h.runners.awaitPods(job).get(0);
    for (int attempt = 0; attempt <= JobFactory.BACKOFF_LIMIT_PER_INDEX; attempt++) {
      if (attempt > 0) {
        p = h.runners.awaitRetry(job, 0, p);
      }
      h.runners.exit(h.runners.run(p), 1, cause);
      podNames.add(p.getMetadata().getName());
    }
    BenchmarkRunStatus st = assertFailed(name, "JobFailed", "3 pods (", cause, podNames.get(2));
    assertEquals(1, st.getMessage().split(java.util.regex.Pattern.quote(cause), -1).length - 1,
        "the cause once: " + st.getMessage());
  }

  @Test
  void badRunFileExitCode2FailsAtOnceThroughThePodFailurePolicy() {
    String name = run("badcfg");
    List<Pod> pods = h.startAll(name);
    h.awaitPhase(name, Phase.Running);
    Pod bad = pods.get(0);
    String jobName = bad.getMetadata().getLabels().get("job-name");
    // the Job's podFailurePolicy fails it at once (no retry): Failed, reason PodFailurePolicy
    h.runners.exit(bad, Protocol.EXIT_CONFIG, "run file: scenario 'get': unknown field 'bufferSiz'");
    BenchmarkRunStatus st = assertFailed(name, "JobFailed", bad.getMetadata().getName(), "exited with code 2",
        "unknown field 'bufferSiz'");
    assertEquals(Boolean.TRUE, st.getPartial());
    // The other Jobs cannot produce a complete answer any more: they are suspended, not left running.
    Harness.await("other Jobs suspended").until(() -> h.jobs(name).stream()
        .filter(j -> !j.getMetadata().getName().equals(jobName))
        .allMatch(j -> Boolean.TRUE.equals(j.getSpec().getSuspend())));
  }

  @Test
  void imagePullErrorFailsFastWithTheImageInTheMessage() {
    String name = run("pull", "startTimeout: 1m", "startTimeout: 10m");
    Job job = h.jobs(name).get(0);
    List<Pod> pods = h.runners.awaitPods(job.getMetadata().getName());
    Pod stuck = h.runners.imagePullError(pods.get(0));
    assertFailed(name, "ImagePullFailed", stuck.getMetadata().getName(), "cannot pull image", "ErrImagePull",
        "ghcr.io/regatta-dev/regatta-runner");
  }

  @Test
  void sidecarNeverReadyFailsAtStartTimeoutNamingThePodAndTheSidecar() {
    String name = run("nosidecar", "startTimeout: 1m", "startTimeout: 5s");
    List<Pod> pods = new ArrayList<>();
    for (Job j : h.jobs(name)) {
      pods.addAll(h.runners.awaitPods(j.getMetadata().getName()));
    }
    // Four runners get ready; one pod's Redis never passes its readiness probe, so its runner never does.
    Pod stuck = h.runners.runWithSidecarNotReady(pods.get(0));
    for (Pod p : pods.subList(1, pods.size())) {
      h.runners.runnerReady(h.runners.run(p));
    }
    BenchmarkRunStatus st = assertFailed(name, "StartTimeout", "of 5 runner(s) not ready after startTimeout 5s",
        stuck.getMetadata().getName(), "sidecar redis never became ready");
    assertEquals("False", st.condition(Conditions.RUNNERS_READY).getStatus());
    assertEquals(null, h.runners.startAt(name), "no start instant was published");
  }

  @Test
  void runPastItsDeadlineFails() {
    String name = run("slow", "timeout: 10m", "timeout: 4s");
    h.startAll(name);
    // Nothing finishes and (as when the Job controller is slow) no Job reports its deadline: the operator's
    // own deadline ends the run.
    h.controlPlane.pause(Component.JOB_CONTROLLER);
    try {
      assertFailed(name, "DeadlineExceeded", "did not finish within its timeout 4s", "Job slow-eu-a");
    } finally {
      h.controlPlane.resume(Component.JOB_CONTROLLER);
    }
  }

  @Test
  void jobDeadlineExceededIsReportedAsSuch() {
    String name = run("jobdeadline");
    h.startAll(name);
    h.awaitPhase(name, Phase.Running);
    // One Job's own deadline passes first (shortened after its start): its controller fails it, DeadlineExceeded.
    h.client.batch().v1().jobs().inNamespace(Harness.NS).withName("jobdeadline-eu-b").edit(j -> {
      j.getSpec().setActiveDeadlineSeconds(1L);
      return j;
    });
    assertFailed(name, "JobFailed", "jobdeadline-eu-b", "DeadlineExceeded", "active longer than specified deadline");
  }
}
