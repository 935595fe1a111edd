package dev.regatta.operator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.kubesim.Component;
import dev.regatta.kubesim.SimulatedCluster;
import dev.regatta.kubesim.gc.ResourceKind;
import dev.regatta.kubesim.nodes.NodePool;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A mock cluster with a simulated control plane (Job controller, scheduler, kubelet and garbage collector of the
 * kubesim module, on four nodes in two regions), the fake runners its kubelet runs pods with, and the bookkeeping
 * a lifecycle test needs. One per test.
 */
public final class Harness implements AutoCloseable {
  public static final String NS = "bench";
  /** How long a test waits for something the operator or the control plane does (the machine may be loaded). */
  public static final Duration WAIT = Duration.ofSeconds(20);
  /** eu-west-1a/b and us-east-1a/b, one node each, all in node pool "bench" (threeGroups' nodeSelector). */
  public static final NodePool NODES = NodePool.of("node", Zone.DEFAULT, 1).withLabels(Map.of("pool", "bench"));
  static final ResourceKind BENCHMARK_RUNS = new ResourceKind(BenchmarkRun.API_VERSION, BenchmarkRun.KIND,
      "benchmarkruns");

  public final MockCluster cluster = new MockCluster();
  public final KubernetesClient client = cluster.client();
  public final FakeRunners runners = new FakeRunners(client, NS);
  public final SimulatedCluster controlPlane;
  private final List<Phase> phases = Collections.synchronizedList(new ArrayList<>());
  private final List<Watch> watches = new ArrayList<>();
  /** Expected pooled histograms: key "scenario params" and "scenario params @region". */
  public final Map<String, Histogram> expected = new HashMap<>();
  public final Map<String, Long> expectedCount = new HashMap<>();
  private final Random random = new Random(20261126);
  /** Every runner's measuredStartEpochMicros, for the expected start skew. */
  public final List<Long> measuredStarts = Collections.synchronizedList(new ArrayList<>());

  public Harness() {
    this(new Component[0]);
  }

  /** With components of the control plane that start paused, as a slow or stopped controller would be. */
  public Harness(Component... paused) {
    controlPlane = SimulatedCluster.on(client).nodes(NODES).runtime(runners).ownerKind(BENCHMARK_RUNS)
        .instance("harness").paused(paused).start();
    runners.settleWith(controlPlane::sync);
  }

  /**
   * Awaitility, set for the mock cluster: at most {@link #WAIT}, polled every 20 ms from the start, and an object
   * not there yet (a null, a 404) is "not yet", not a failure. The timeout names what was awaited and what was
   * seen last.
   */
  public static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
        .ignoreExceptions();
  }

  /** Three placement groups in two regions, a Redis sidecar, a two-point matrix, two repeats. */
  public static String threeGroups(String name) {
    return """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata:
          name: %s
          namespace: %s
        spec:
          placements:
            - {name: eu-a, pods: 2, region: eu-west-1, zone: eu-west-1a, nodeSelector: {pool: bench}}
            - {name: eu-b, pods: 1, region: eu-west-1, zone: eu-west-1b}
            - {name: us, pods: 2, region: us-east-1}
          sidecars:
            - {name: redis, port: 6379, preload: {key: blob, generate: {size: 1Mi}}}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", key: blob}
              repeats: 2
              duration: 10s
              matrix:
                bufferSize: {values: [4096, 65536]}
          startDelay: 100ms
          startTimeout: 1m
          timeout: 10m
          ttlAfterFinished: 1h
        """.formatted(name, NS);
  }

  public BenchmarkRun create(String yaml) {
    BenchmarkRun run = RunFiles.parse(yaml, "test").get(0);
    BenchmarkRun created = runs().resource(run).create();
    watches.add(runs().withName(run.getMetadata().getName()).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, BenchmarkRun r) {
        Phase p = r.getStatus() == null ? null : r.getStatus().getPhase();
        synchronized (phases) {
          if (p != null && (phases.isEmpty() || phases.get(phases.size() - 1) != p)) {
            phases.add(p);
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    }));
    return created;
  }

  public io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<BenchmarkRun,
      io.fabric8.kubernetes.api.model.KubernetesResourceList<BenchmarkRun>, Resource<BenchmarkRun>> runs() {
    return client.resources(BenchmarkRun.class).inNamespace(NS);
  }

  public BenchmarkRun get(String name) {
    return runs().withName(name).get();
  }

  public List<Phase> phases() {
    synchronized (phases) {
      return List.copyOf(phases);
    }
  }

  public BenchmarkRun awaitPhase(String name, Phase phase) {
    await(name + " in phase " + phase).untilAsserted(() -> {
      BenchmarkRun r = get(name);
      assertEquals(phase, r == null || r.getStatus() == null ? null : r.getStatus().getPhase(),
          () -> r == null || r.getStatus() == null ? "no status"
              : r.getStatus().getPhase() + ": " + r.getStatus().getMessage());
    });
    return get(name);
  }

  public Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  public List<Job> jobs(String run) {
    return client.batch().v1().jobs().inNamespace(NS).withLabel(Protocol.LABEL_RUN, run).list().getItems();
  }

  public List<Event> events(String run) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> run.equals(e.getInvolvedObject().getName())).toList();
  }

  /** The Job controller has made every pod, the kubelet runs them; every runner reports ready. */
  public List<Pod> startAll(String run) {
    List<Pod> pods = new ArrayList<>();
    for (Job j : jobs(run)) {
      for (Pod p : runners.awaitPods(j.getMetadata().getName())) {
        pods.add(runners.run(p));
      }
    }
    pods.forEach(runners::runnerReady);
    return pods;
  }

  /** Every runner publishes a result from known samples and exits 0 (so every Job completes). */
  public void finishAll(String run, List<Pod> pods) {
    BenchmarkRun r = get(run);
    for (Pod p : pods) {
      runners.runnerDone(p, document(r, p));
      runners.exit(p, 0, "");
    }
  }

  /**
   * A runner's result document built from raw samples (a different latency shape per pod), pooled into
   * {@link #expected} as the test's independent answer.
   */
  public ResultDocument document(BenchmarkRun run, Pod pod) {
    String placement = pod.getMetadata().getLabels().get(Protocol.LABEL_PLACEMENT);
    int index = FakeRunners.index(pod);
    String region = run.getSpec().getPlacements().stream().filter(p -> p.getName().equals(placement)).findFirst()
        .orElseThrow().getRegion();
    // each runner begins within a few ms of the published start instant, as on a healthy cluster
    String startAt = runners.startAt(run.getMetadata().getName());
    long startMicros = (startAt == null ? Instant.now() : Instant.parse(startAt)).toEpochMilli() * 1000
        + random.nextInt(5_000);
    measuredStarts.add(startMicros);
    List<ScenarioResult> results = new ArrayList<>();
    int podNo = Math.abs(pod.getMetadata().getName().hashCode()) % 7 + 1;
    for (ScenarioPlan plan : ScenarioPlan.of(run.getSpec())) {
      for (int repeat = 0; repeat < plan.repeats(); repeat++) {
        Histogram h = Histograms.newHistogram();
        int n = 2_000 + random.nextInt(3_000);
        for (int i = 0; i < n; i++) {
          long v = random.nextInt(100) < 3 ? 20_000L * podNo + random.nextInt(50_000) : 100L * podNo + random.nextInt(400);
          Histograms.recordMicros(h, v);
        }
        String key = plan.scenario() + " " + plan.params();
        expected.computeIfAbsent(key, k -> Histograms.newHistogram()).add(h);
        expected.computeIfAbsent(key + " @" + region, k -> Histograms.newHistogram()).add(h);
        expectedCount.merge(key, (long) n, Long::sum);
        results.add(new ScenarioResult(plan.scenario(), plan.params(), repeat, n, 0, null, 0, 10.0, n / 10.0, 0, 0,
            LatencySummary.of(h), Histograms.encode(h), startMicros, startMicros + 10_000_000L, null));
      }
    }
    return new ResultDocument(ResultDocument.FORMAT_VERSION, run.getMetadata().getName(), NS,
        pod.getMetadata().getName(), placement, region, null, index, pod.getSpec().getNodeName(), null, startMicros,
        Instant.now().toString(), results, null);
  }

  public double expectedSkewMillis() {
    return (measuredStarts.stream().mapToLong(Long::longValue).max().orElse(0)
        - measuredStarts.stream().mapToLong(Long::longValue).min().orElse(0)) / 1000.0;
  }

  @Override
  public void close() {
    controlPlane.close();
    watches.forEach(Watch::close);
    cluster.close();
  }
}
