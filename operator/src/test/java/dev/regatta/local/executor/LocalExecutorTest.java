package dev.regatta.local.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.local.Await;
import dev.regatta.local.api.EmbeddedApiServer;
import dev.regatta.local.standins.EndpointRewriter;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor against the embedded API, with the operator's own Job template (JobFactory) and a fake
 * runner jar, so these check the Job controller, scheduler and kubelet stand-ins and nothing else.
 */
class LocalExecutorTest {
  @TempDir
  static Path tmp;
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static LocalExecutor executor;
  static Path pids;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0);
    client = api.newClient();
    pids = Files.createDirectories(tmp.resolve("pids"));
    executor = new LocalExecutor(client, new ExecutorSettings(FakeRunner.jar(tmp), tmp.resolve("work"), api.url(),
        api.token(), Zone.DEFAULT, 1, "/usr/bin/redis-server", new EndpointRewriter(Map.of()), Duration.ofSeconds(2)));
    executor.start();
  }

  @AfterAll
  static void stop() {
    if (executor != null) {
      executor.close();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void indexedJobPodsRunOnMatchingNodesWithTheirRedisSidecar() {
    Job job = submit("ok", "eu-west-1", 2, true, Map.of(), "30m");
    Job done = awaitJobCondition(job, "Complete");
    assertEquals(2, done.getStatus().getSucceeded());
    assertEquals("0,1", done.getStatus().getCompletedIndexes());
    for (Pod p : pods(job)) {
      assertEquals("Succeeded", p.getStatus().getPhase());
      assertTrue(p.getSpec().getNodeName().startsWith("local-eu-west-1"), p.getSpec().getNodeName());
      String message = p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage();
      // the fake runner reached its own redis-server through the rewritten run file
      assertTrue(message.contains("sidecar=+PONG"), message);
      // loopback only, in protected mode, as the Job in a cluster says
      assertTrue(message.contains("bind=127.0.0.1 protected-mode=yes"), message);
      assertTrue(message.contains("node=" + p.getSpec().getNodeName()), message);
    }
  }

  @Test
  void aPodThatFitsNoNodeStaysPendingWithTheSchedulersReason() {
    Job job = submit("nowhere", "mars-1", 1, false, Map.of(), "30m");
    Pod pod = Await.until(Duration.ofSeconds(30), "pod unschedulable", () -> pods(job).stream()
        .filter(p -> condition(p, "PodScheduled").map(c -> "False".equals(c.getStatus())).orElse(false)).findFirst());
    PodCondition c = condition(pod, "PodScheduled").orElseThrow();
    assertEquals("Unschedulable", c.getReason());
    assertEquals("0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes "
        + "are available: 4 Preemption is not helpful for scheduling.", c.getMessage());
    assertEquals("Pending", pod.getStatus().getPhase());
  }

  @Test
  void exitCode2FailsTheJobAtOnceThroughItsPodFailurePolicy() {
    Job job = submit("badconfig", "us-east-1", 1, false, Map.of("FAKE_EXIT", "2"), "30m");
    Job failed = awaitJobCondition(job, "Failed");
    JobCondition c = failed.getStatus().getConditions().stream().filter(x -> "Failed".equals(x.getType())).findFirst()
        .orElseThrow();
    assertEquals("PodFailurePolicy", c.getReason(), () -> describe(pods(job)));
    assertTrue(c.getMessage().contains("failed with exit code 2 matching FailJob rule at index 0"), c.getMessage());
    assertEquals(1, pods(job).size(), "no retry after a FailJob exit code");
  }

  @Test
  void aCrashingRunnerIsRetriedPerIndexThenTheJobFails() {
    Job job = submit("crash", "us-east-1", 1, false, Map.of("FAKE_EXIT", "1"), "30m");
    Job failed = awaitJobCondition(job, "Failed");
    assertEquals("FailedIndexes", failed.getStatus().getConditions().stream()
        .filter(x -> "Failed".equals(x.getType())).findFirst().orElseThrow().getReason());
    assertEquals(JobFactory.BACKOFF_LIMIT_PER_INDEX + 1, pods(job).size());
    assertEquals("0", failed.getStatus().getFailedIndexes());
  }

  @Test
  void theDeadlineFailsTheJobAndStopsItsProcesses() throws Exception {
    Job job = submit("slow", "eu-west-1", 1, false, Map.of("FAKE_SLEEP_MS", "120000"), "2s");
    Job failed = awaitJobCondition(job, "Failed");
    assertEquals("DeadlineExceeded", failed.getStatus().getConditions().stream()
        .filter(x -> "Failed".equals(x.getType())).findFirst().orElseThrow().getReason());
    awaitNoProcesses("slow");
  }

  @Test
  void deletingAJobDeletesItsPodsAndKillsTheirProcesses() throws Exception {
    Job job = submit("deleted", "eu-west-1", 1, true, Map.of("FAKE_SLEEP_MS", "120000"), "30m");
    Await.until(Duration.ofSeconds(60), "pod running", () -> pods(job).stream()
        .filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst());
    Await.until(Duration.ofSeconds(30), "pid file", () -> pidFiles("deleted").stream().findFirst());
    client.batch().v1().jobs().inNamespace("default").withName(job.getMetadata().getName()).delete();
    Await.until(Duration.ofSeconds(30), "pods deleted", () -> pods(job).isEmpty() ? Optional.of(true) : Optional.empty());
    awaitNoProcesses("deleted");
  }

  private void awaitNoProcesses(String run) throws Exception {
    for (Path f : pidFiles(run)) {
      long pid = Long.parseLong(Files.readString(f).trim());
      Await.until(Duration.ofSeconds(30), "runner process " + pid + " gone",
          () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? Optional.empty() : Optional.of(true));
    }
  }

  private static List<Path> pidFiles(String run) {
    try (var s = Files.list(pids)) {
      return s.filter(p -> p.getFileName().toString().startsWith(run + "-")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Job submit(String name, String region, int pods, boolean redis, Map<String, String> env, String timeout) {
    BenchmarkRun run = new BenchmarkRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withUid(UUID.randomUUID().toString())
        .build());
    BenchmarkRunSpec spec = new BenchmarkRunSpec();
    spec.setPlacements(List.of(new Placement("p", pods, region, null)));
    if (redis) {
      Sidecar s = new Sidecar();
      s.setName("redis");
      spec.setSidecars(List.of(s));
    }
    Scenario sc = new Scenario();
    sc.setName("get");
    sc.setRedis(new RedisWorkload());
    spec.setScenarios(List.of(sc));
    spec.setTimeout(timeout);
    List<EnvVar> e = new java.util.ArrayList<>();
    e.add(new EnvVar("FAKE_PID_DIR", pids.toString(), null));
    env.forEach((k, v) -> e.add(new EnvVar(k, v, null)));
    spec.getRunner().setEnv(e);
    run.setSpec(spec);
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(Protocol.specConfigMapName(name)).endMetadata().addToData(Protocol.RUN_FILE_KEY, RunFiles.toYaml(run))
        .build()).create();
    return client.batch().v1().jobs().inNamespace("default").resource(JobFactory.job(run, spec, spec.getPlacements().get(0)))
        .create();
  }

  private Job awaitJobCondition(Job job, String type) {
    return Await.until(Duration.ofSeconds(90), "job " + job.getMetadata().getName() + " " + type, () -> {
      Job j = client.batch().v1().jobs().inNamespace("default").withName(job.getMetadata().getName()).get();
      return j != null && j.getStatus() != null && j.getStatus().getConditions() != null
          && j.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
          ? Optional.of(j) : Optional.empty();
    });
  }

  private static String describe(List<Pod> pods) {
    StringBuilder sb = new StringBuilder();
    for (Pod p : pods) {
      sb.append(p.getMetadata().getName()).append(": ").append(p.getStatus()).append('\n');
    }
    return sb.toString();
  }

  private List<Pod> pods(Job job) {
    return client.pods().inNamespace("default").withLabel(LocalExecutor.JOB_NAME_LABEL, job.getMetadata().getName())
        .list().getItems();
  }

  private static Optional<PodCondition> condition(Pod p, String type) {
    return p.getStatus() == null || p.getStatus().getConditions() == null ? Optional.empty()
        : p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
