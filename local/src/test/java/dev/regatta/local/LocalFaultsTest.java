package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.local.standins.TargetPlan;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real runs in local mode (real runner JVMs, real redis-server sidecars): SIGKILL of a
 * runner mid-window, SIGKILL of a Redis sidecar mid-window. Each waits on conditions (the pod's ConfigMap says
 * running, the start instant has passed, the process is found), kills, and asserts what the status says and
 * that nothing is left running.
 */
class LocalFaultsTest {
  @TempDir
  static Path tmp;
  static LocalCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(new LocalCluster.Settings(0, Repo.runnerJar(), tmp.resolve("work"), Zone.DEFAULT, 1,
        Repo.redisServer(), 64 * 1024, Duration.ofSeconds(2)), new TargetPlan());
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A run of `pods` pods in one region, GETs from each pod's own Redis sidecar for 10 s. */
  private static BenchmarkRun create(String name, int pods) {
    BenchmarkRun run = RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: %s, namespace: default}
        spec:
          placements:
            - {name: eu, pods: %d, region: eu-west-1}
          sidecars:
            - {name: redis, port: 6379}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", op: get, keySpace: 100, valueSize: 10}
              load: {connections: 2}
              duration: 10s
          startDelay: 2s
          startTimeout: 4m
          timeout: 6m
        """.formatted(name, pods), "test").get(0);
    return client.resources(BenchmarkRun.class).inNamespace("default").resource(run).create();
  }

  private static BenchmarkRun get(String name) {
    return client.resources(BenchmarkRun.class).inNamespace("default").withName(name).get();
  }

  private static BenchmarkRun awaitEnd(String name) {
    return await(name + " to end").atMost(Duration.ofMinutes(5)).ignoreExceptions().until(() -> get(name),
        r -> r != null && r.getStatus() != null && r.getStatus().getPhase() != null
            && r.getStatus().getPhase().isFinished());
  }

  /**
   * Waits until index I's runner is measuring: its ConfigMap says running and the published start instant is at
   * least a second past, so a kill now lands inside the 10 s window. Returns the pod.
   */
  private static Pod awaitMeasuring(String run, int index) {
    ConfigMap cm = await(run + " index " + index + " running").atMost(Duration.ofMinutes(4)).ignoreExceptions()
        .until(() -> client.configMaps().inNamespace("default").withName(Protocol.resultConfigMapName(run, "eu", index))
            .get(), c -> c != null && c.getData() != null
                && Protocol.STATE_RUNNING.equals(c.getData().get(Protocol.STATE_KEY)));
    Instant startAt = Instant.parse(client.configMaps().inNamespace("default")
        .withName(Protocol.startConfigMapName(run)).get().getData().get(Protocol.START_AT_KEY));
    await("a second into the window").atMost(Duration.ofSeconds(30))
        .until(() -> Instant.now().isAfter(startAt.plusSeconds(1)));
    String podName = cm.getData().get(Protocol.POD_KEY);
    return client.pods().inNamespace("default").withName(podName).get();
  }

  private static Path dir(Pod pod) {
    return tmp.resolve("work").resolve("pods").resolve("default").resolve(pod.getMetadata().getName());
  }

  private static List<Pod> pods(String run) {
    return client.pods().inNamespace("default").withLabel(Protocol.LABEL_RUN, run).list().getItems();
  }

  private static List<Event> events(String involved) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName())).toList();
  }

  private static Fault fault(BenchmarkRunStatus st, String type) {
    return st.getFaults() == null ? null : st.getFaults().stream().filter(f -> type.equals(f.getType())).findFirst()
        .orElse(null);
  }

  /** Every process local mode started for the run's pods is gone once the run has ended. */
  private static void nothingLeftRunning(String run) {
    for (Pod p : pods(run)) {
      await("no process left for pod " + p.getMetadata().getName()).atMost(Duration.ofSeconds(30))
          .until(() -> PodProcesses.of(dir(p)).isEmpty());
    }
  }

  @Test
  void aRunnerKilledMidWindowIsNamedItsLateReplacementLeftOutAndTheRunPartial() {
    String name = "kill-runner";
    create(name, 2);
    Pod victim = awaitMeasuring(name, 1);
    ProcessHandle runner = await("the runner's JVM").atMost(Duration.ofSeconds(30))
        .until(() -> PodProcesses.runner(dir(victim)).stream().findFirst(), Optional::isPresent).get();
    runner.destroyForcibly(); // SIGKILL

    BenchmarkRun done = awaitEnd(name);
    BenchmarkRunStatus st = done.getStatus();
    String victimName = victim.getMetadata().getName();
    assertEquals(Phase.Succeeded, st.getPhase(), st.getMessage());
    assertEquals(Boolean.TRUE, st.getPartial());
    Fault lost = fault(st, Fault.LOST_WHILE_MEASURING);
    assertTrue(lost != null && victimName.equals(lost.getPod()), "the killed pod is named: " + st.getFaults());
    assertTrue(lost.getMessage().contains("exited with code 137"), lost.getMessage());
    Fault late = fault(st, Fault.LATE_START);
    assertTrue(late != null, "the replacement started late: " + st.getFaults());
    assertTrue(!victimName.equals(late.getPod()) && late.getPod().startsWith(name + "-eu-1-"), late.getPod());
    assertEquals(Boolean.TRUE, late.getExcluded());
    assertTrue(late.getLateSeconds() > 1.0, "it started after the kill, itself a second into the window: " + late);
    ResultRow row = st.getResults().get(0);
    assertEquals(1, row.getPods(), "only the pod that ran the whole window is in the row");
    assertEquals(1, st.getPods().getExcluded());
    assertEquals(2, st.getPods().getResults());
    assertTrue(row.getCount() > 0 && row.getErrors() == 0, row.getCount() + " / " + row.getErrors());
    assertEquals("True", st.condition("Degraded").getStatus());
    assertEquals("LostWhileMeasuring", st.condition("Degraded").getReason());
    assertTrue(events(name).stream().anyMatch(e -> "Warning".equals(e.getType()) && "RunnerLost".equals(e.getReason())
        && e.getMessage().contains(victimName)), events(name).stream().map(Event::getReason).toList().toString());
    // the replacement's document records whom it replaced
    Map<String, String> data = client.configMaps().inNamespace("default")
        .withName(Protocol.resultConfigMapName(name, "eu", 1)).get().getData();
    assertEquals(victimName + " " + Protocol.REPLACED_MEASURING, data.get(Protocol.REPLACED_KEY));
    assertEquals("2", data.get(Protocol.ATTEMPT_KEY));
    nothingLeftRunning(name);
  }

  @Test
  void aRedisSidecarKilledMidWindowIsRestartedItsGapCountedAsErrorsAndThePodNamed() {
    String name = "kill-sidecar";
    create(name, 1);
    Pod pod = awaitMeasuring(name, 0);
    ProcessHandle redis = await("the pod's redis-server").atMost(Duration.ofSeconds(30))
        .until(() -> PodProcesses.redis(dir(pod)).stream().findFirst(), Optional::isPresent).get();
    int port = PodProcesses.redisPort(redis);
    redis.destroyForcibly(); // SIGKILL
    ProcessHandle again = await("the restarted redis-server").atMost(Duration.ofSeconds(30))
        .until(() -> PodProcesses.redis(dir(pod)).stream().filter(h -> h.pid() != redis.pid()).findFirst(),
            Optional::isPresent).get();
    assertEquals(port, PodProcesses.redisPort(again), "on the same port");

    BenchmarkRun done = awaitEnd(name);
    BenchmarkRunStatus st = done.getStatus();
    assertEquals(Phase.Succeeded, st.getPhase(), st.getMessage());
    assertNull(st.getPartial(), "nothing is missing: the runner measured the whole window, gap included");
    ResultRow row = st.getResults().get(0);
    assertTrue(row.getErrors() > 0, "the gap is in the errors, not a clean errors=0: " + row.getErrors());
    assertTrue(row.getCount() > row.getErrors(), "and it recovered: " + row.getCount() + " / " + row.getErrors());
    assertEquals(row.getErrors(), st.getSummary().getErrors(), "beside the headline");
    Fault f = fault(st, Fault.SIDECAR_RESTARTED);
    assertTrue(f != null && pod.getMetadata().getName().equals(f.getPod()), "the pod is named: " + st.getFaults());
    assertEquals(1, f.getRestarts());
    assertTrue(f.getMessage().contains("exit code 137"), f.getMessage());
    assertEquals("SidecarRestarted", st.condition("Degraded").getReason());
    Pod after = client.pods().inNamespace("default").withName(pod.getMetadata().getName()).get();
    ContainerStatus sidecar = after.getStatus().getInitContainerStatuses().get(0);
    assertEquals(1, sidecar.getRestartCount(), "as kubectl get pod shows it");
    assertTrue(events(pod.getMetadata().getName()).stream().anyMatch(e -> "Started".equals(e.getReason())
        && e.getMessage().contains("restart 1")), "the kubelet's event for the restart");
    assertTrue(events(name).stream().anyMatch(e -> "Warning".equals(e.getType())
        && "SidecarRestarted".equals(e.getReason())), "a Warning Event on the run");
    nothingLeftRunning(name);
  }
}
