package dev.regatta.local.executor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.kubesim.jobs.IndexedPods;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.local.PodProcesses;
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
    Pod pod = await("pod unschedulable").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> pods(job).stream().filter(p -> condition(p, "PodScheduled")
            .map(c -> "False".equals(c.getStatus())).orElse(false)).findFirst(), Optional::isPresent).get();
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
  void aStartErrorNoRetryCanFixFailsTheJobAtOnce() {
    Job job = submit("badimage", "eu-west-1", 2, true, Map.of(), "30m", "redis:7.4@sha256:not-a-digest");
    Job failed = awaitJobCondition(job, "Failed");
    JobCondition c = failed.getStatus().getConditions().stream().filter(x -> "Failed".equals(x.getType())).findFirst()
        .orElseThrow();
    assertEquals("StartError", c.getReason(), () -> describe(pods(job)));
    assertTrue(c.getMessage().contains("cannot start, and retrying cannot fix it"), c.getMessage());
    assertTrue(pods(job).size() <= 2, "no pod was retried: " + describe(pods(job)));
    Pod failedPod = pods(job).stream().filter(p -> "Failed".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
    var terminated = failedPod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertEquals(128, terminated.getExitCode());
    assertEquals("StartError", terminated.getReason());
    assertTrue(terminated.getMessage().contains("InvalidImageName")
        && terminated.getMessage().contains("redis:7.4@sha256:not-a-digest"), terminated.getMessage());
    assertTrue(c.getMessage().contains(failedPod.getMetadata().getName()), c.getMessage());
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
    await("pod running").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> pods(job).stream()
        .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
    await("pid file").atMost(Duration.ofSeconds(30)).until(() -> !pidFiles("deleted").isEmpty());
    client.batch().v1().jobs().inNamespace("default").withName(job.getMetadata().getName()).delete();
    await("pods deleted").atMost(Duration.ofSeconds(30)).until(() -> pods(job).isEmpty());
    awaitNoProcesses("deleted");
  }

  @Test
  void aKilledSidecarIsRestartedOnItsPortWithARestartCountAndAnEventAsTheKubeletDoes() throws Exception {
    Job job = submit("sidecar", "eu-west-1", 1, true, Map.of("FAKE_SLEEP_MS", "120000"), "30m");
    Pod pod = await("pod running").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> pods(job).stream()
        .filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst(), Optional::isPresent).get();
    Path dir = tmp.resolve("work").resolve("pods").resolve("default").resolve(pod.getMetadata().getName());
    ProcessHandle redis = await("the pod's redis-server").atMost(Duration.ofSeconds(30))
        .until(() -> PodProcesses.redis(dir).stream().findFirst(), Optional::isPresent).get();
    int port = PodProcesses.redisPort(redis);
    // only once the runner has talked to its sidecar: killed before that, the runner's first connection fails,
    // the fake runner exits 1 and the pod ends (no restart), which is what a runner does, but not this case
    Path checked = pids.resolve(pod.getMetadata().getName() + ".pid");
    await("the runner checked its sidecar").atMost(Duration.ofSeconds(60)).until(() -> Files.exists(checked));
    redis.destroyForcibly(); // SIGKILL

    // a restart count above 1 fails here too, naming what the kubelet reported (e.g. the new one could not start)
    Pod restarted;
    try {
      restarted = await("restartCount 1").atMost(Duration.ofSeconds(90)).ignoreExceptions()
          .until(() -> pods(job).stream().filter(p -> p.getStatus().getInitContainerStatuses() != null
              && p.getStatus().getInitContainerStatuses().stream().anyMatch(c -> c.getRestartCount() >= 1)).findFirst(),
              Optional::isPresent).get();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no restart reported; the pod: " + describe(pods(job)) + "; its processes: "
          + PodProcesses.of(dir).stream().map(h -> h.pid() + " " + PodProcesses.commandLine(h)).toList()
          + "; its sidecar's supervisor: " + threads("sidecar-" + pod.getMetadata().getName()), e);
    }
    assertEquals(1, restarted.getStatus().getInitContainerStatuses().get(0).getRestartCount(),
        () -> "restarted once: " + restarted.getStatus().getInitContainerStatuses());
    var sidecar = restarted.getStatus().getInitContainerStatuses().get(0);
    assertEquals("redis", sidecar.getName());
    assertEquals(137, sidecar.getLastState().getTerminated().getExitCode());
    assertTrue(sidecar.getState().getRunning() != null, "running again: " + sidecar.getState());
    assertEquals("Running", restarted.getStatus().getPhase(), "the pod goes on");
    // what the runner sees: a redis-server answering on the port its run file names, a new process
    long newPid;
    try {
      newPid = await("a new redis-server answering on " + port).atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> redisPid(port), pid -> pid != redis.pid());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no redis-server on " + port + " after the restart; the pod: " + describe(pods(job))
          + "; its processes: " + PodProcesses.of(dir).stream().map(h -> h.pid() + " " + PodProcesses.commandLine(h))
          .toList() + "; its sidecar's supervisor: " + threads("sidecar-" + pod.getMetadata().getName()), e);
    }
    ProcessHandle again = ProcessHandle.of(newPid).orElseThrow();
    assertTrue(PodProcesses.redis(dir).stream().anyMatch(h -> h.pid() == newPid),
        () -> "the new redis-server " + newPid + " runs in the pod (" + PodProcesses.commandLine(again) + "), among "
            + PodProcesses.of(dir).stream().map(h -> h.pid() + " " + PodProcesses.commandLine(h)).toList());
    await("a Started event for the restart").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> client.v1().events().inNamespace("default").list().getItems().stream()
            .anyMatch(e -> pod.getMetadata().getName().equals(e.getInvolvedObject().getName())
                && "Started".equals(e.getReason())
                && e.getMessage().contains("redis (restart 1; the previous run exited with code 137)")));

    client.batch().v1().jobs().inNamespace("default").withName(job.getMetadata().getName()).delete();
    await("the restarted redis-server stopped with the pod").atMost(Duration.ofSeconds(30))
        .until(() -> !again.isAlive());
  }

  /** The stacks of the live threads whose names start with prefix (what a failure needs to be explained). */
  private static String threads(String prefix) {
    StringBuilder sb = new StringBuilder();
    Thread.getAllStackTraces().forEach((t, stack) -> {
      if (t.getName().startsWith(prefix)) {
        sb.append('\n').append(t.getName()).append(' ').append(t.getState());
        for (StackTraceElement e : stack) {
          sb.append("\n  at ").append(e);
        }
      }
    });
    return sb.length() == 0 ? "(none running)" : sb.toString();
  }

  /** The pid of the redis-server answering on 127.0.0.1:port, as INFO server reports it. */
  private static long redisPid(int port) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("INFO server\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("process_id:")) {
          return Long.parseLong(line.substring("process_id:".length()).trim());
        }
      }
    }
    throw new IllegalStateException("no process_id in INFO server on port " + port);
  }

  private void awaitNoProcesses(String run) throws Exception {
    for (Path f : pidFiles(run)) {
      long pid = Long.parseLong(Files.readString(f).trim());
      await("runner process " + pid + " gone").atMost(Duration.ofSeconds(30))
          .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
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
    return submit(name, region, pods, redis, env, timeout, null);
  }

  private Job submit(String name, String region, int pods, boolean redis, Map<String, String> env, String timeout,
      String sidecarImage) {
    BenchmarkRun run = new BenchmarkRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withUid(UUID.randomUUID().toString())
        .build());
    BenchmarkRunSpec spec = new BenchmarkRunSpec();
    spec.setPlacements(List.of(new Placement("p", pods, region, null)));
    if (redis) {
      Sidecar s = new Sidecar();
      s.setName("redis");
      if (sidecarImage != null) {
        s.setImage(sidecarImage);
      }
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
    return await("job " + job.getMetadata().getName() + " " + type).atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> client.batch().v1().jobs().inNamespace("default").withName(job.getMetadata().getName()).get(),
            j -> j != null && j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus()
                .getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private static String describe(List<Pod> pods) {
    StringBuilder sb = new StringBuilder();
    for (Pod p : pods) {
      sb.append(p.getMetadata().getName()).append(": ").append(p.getStatus()).append('\n');
    }
    return sb.toString();
  }

  private List<Pod> pods(Job job) {
    return client.pods().inNamespace("default").withLabel(IndexedPods.JOB_NAME_LABEL, job.getMetadata().getName())
        .list().getItems();
  }

  private static Optional<PodCondition> condition(Pod p, String type) {
    return p.getStatus() == null || p.getStatus().getConditions() == null ? Optional.empty()
        : p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
