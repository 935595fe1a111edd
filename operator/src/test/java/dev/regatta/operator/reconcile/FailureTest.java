package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.testing.Await;
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
    Await.until("a Warning Event " + reason, () -> h.events(name).stream()
        .anyMatch(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())
            && e.getMessage().contains(messageParts[0])),
        () -> h.events(name).stream().map(Event::getReason).toList().toString());
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
        h.kubelet.runnerDone(p, doc);
        h.kubelet.exit(p, 0, "");
      }
    }
    h.jobs(name).stream().filter(j -> !j.getMetadata().getName().equals("crash-us"))
        .forEach(j -> h.kubelet.completeJob(j.getMetadata().getName()));
    // The runner's crash, retried once by the Job (same index), same cause; then the index is out of retries.
    String cause = "redis://127.0.0.1:6379 unreachable: Connection refused";
    h.kubelet.runnerFailed(bad, cause, null);
    h.kubelet.exit(bad, 1, cause);
    Pod retry = h.kubelet.createPod(h.kubelet.job("crash-us"), 1);
    h.kubelet.exit(h.kubelet.run(retry), 1, cause);
    h.kubelet.failJob("crash-us", "FailedIndexes", "Job has failed indexes");

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
    Job job = h.jobs(name).get(0);
    String cause = "executable file not found: redis-server: install it";
    List<String> podNames = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      Pod p = h.kubelet.createPod(job, 0);
      h.kubelet.exit(h.kubelet.run(p), 1, cause);
      podNames.add(p.getMetadata().getName());
    }
    h.kubelet.failJob(job.getMetadata().getName(), "FailedIndexes", "Job has failed indexes");
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
    h.kubelet.exit(bad, Protocol.EXIT_CONFIG, "run file: scenario 'get': unknown field 'bufferSiz'");
    h.kubelet.failJob(jobName, "PodFailurePolicy", "Container runner for pod " + Harness.NS + "/"
        + bad.getMetadata().getName() + " failed with exit code 2 matching FailJob rule at index 0");
    BenchmarkRunStatus st = assertFailed(name, "JobFailed", bad.getMetadata().getName(), "exited with code 2",
        "unknown field 'bufferSiz'");
    assertEquals(Boolean.TRUE, st.getPartial());
    // The other Jobs cannot produce a complete answer any more: they are suspended, not left running.
    Await.until("other Jobs suspended", () -> h.jobs(name).stream()
        .filter(j -> !j.getMetadata().getName().equals(jobName))
        .allMatch(j -> Boolean.TRUE.equals(j.getSpec().getSuspend())));
  }

  @Test
  void imagePullErrorFailsFastWithTheImageInTheMessage() {
    String name = run("pull", "startTimeout: 1m", "startTimeout: 10m");
    Job job = h.jobs(name).get(0);
    List<Pod> pods = h.kubelet.createPods(job.getMetadata().getName());
    Pod stuck = h.kubelet.imagePullError(pods.get(0));
    assertFailed(name, "ImagePullFailed", stuck.getMetadata().getName(), "cannot pull image", "ErrImagePull",
        "ghcr.io/regatta-dev/regatta-runner");
  }

  @Test
  void sidecarNeverReadyFailsAtStartTimeoutNamingThePodAndTheSidecar() {
    String name = run("nosidecar", "startTimeout: 1m", "startTimeout: 5s");
    List<Pod> pods = new ArrayList<>();
    for (Job j : h.jobs(name)) {
      pods.addAll(h.kubelet.createPods(j.getMetadata().getName()));
    }
    // Four runners get ready; one pod's Redis never passes its readiness probe, so its runner never does.
    Pod stuck = h.kubelet.runWithSidecarNotReady(pods.get(0));
    for (Pod p : pods.subList(1, pods.size())) {
      h.kubelet.runnerReady(h.kubelet.run(p));
    }
    BenchmarkRunStatus st = assertFailed(name, "StartTimeout", "of 5 runner(s) not ready after startTimeout 5s",
        stuck.getMetadata().getName(), "sidecar redis never became ready");
    assertEquals("False", st.condition(Conditions.RUNNERS_READY).getStatus());
    assertEquals(null, h.kubelet.startAt(name), "no start instant was published");
  }

  @Test
  void runPastItsDeadlineFails() {
    String name = run("slow", "timeout: 10m", "timeout: 4s");
    h.startAll(name);
    // Nothing finishes and (as when the Job controller is slow) no Job reports its deadline: the operator's
    // own deadline ends the run.
    assertFailed(name, "DeadlineExceeded", "did not finish within its timeout 4s", "Job slow-eu-a");
  }

  @Test
  void jobDeadlineExceededIsReportedAsSuch() {
    String name = run("jobdeadline");
    h.startAll(name);
    h.awaitPhase(name, Phase.Running);
    h.kubelet.failJob("jobdeadline-eu-b", "DeadlineExceeded", "Job was active longer than specified deadline");
    assertFailed(name, "JobFailed", "jobdeadline-eu-b", "DeadlineExceeded", "active longer than specified deadline");
  }
}
