package dev.regatta.operator.testing;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** A mock cluster, the fake kubelet and the bookkeeping a lifecycle test needs. One per test. */
public final class Harness implements AutoCloseable {
  public static final String NS = "bench";

  public final MockCluster cluster = new MockCluster();
  public final KubernetesClient client = cluster.client();
  public final FakeKubelet kubelet = new FakeKubelet(client, NS);
  private final List<Phase> phases = Collections.synchronizedList(new ArrayList<>());
  private final List<Watch> watches = new ArrayList<>();
  /** Expected pooled histograms: key "scenario params" and "scenario params @region". */
  public final Map<String, Histogram> expected = new HashMap<>();
  public final Map<String, Long> expectedCount = new HashMap<>();
  private final Random random = new Random(20261126);
  /** Every runner's measuredStartEpochMicros, for the expected start skew. */
  public final List<Long> measuredStarts = Collections.synchronizedList(new ArrayList<>());

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
    Await.until(name + " in phase " + phase, () -> {
      BenchmarkRun r = get(name);
      return r.getStatus() != null && r.getStatus().getPhase() == phase;
    }, () -> {
      BenchmarkRun r = get(name);
      return r == null || r.getStatus() == null ? "no status"
          : r.getStatus().getPhase() + ": " + r.getStatus().getMessage();
    });
    return get(name);
  }

  public List<Job> jobs(String run) {
    return client.batch().v1().jobs().inNamespace(NS).withLabel(Protocol.LABEL_RUN, run).list().getItems();
  }

  public List<Event> events(String run) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> run.equals(e.getInvolvedObject().getName())).toList();
  }

  /** The Job controller creates every pod; the kubelet runs them; every runner reports ready. */
  public List<Pod> startAll(String run) {
    List<Pod> pods = new ArrayList<>();
    for (Job j : jobs(run)) {
      for (Pod p : kubelet.createPods(j.getMetadata().getName())) {
        pods.add(kubelet.run(p));
      }
    }
    pods.forEach(kubelet::runnerReady);
    return pods;
  }

  /** Every runner publishes a result from known samples, exits 0; every Job completes. */
  public void finishAll(String run, List<Pod> pods) {
    BenchmarkRun r = get(run);
    for (Pod p : pods) {
      kubelet.runnerDone(p, document(r, p));
      kubelet.exit(p, 0, "");
    }
    jobs(run).forEach(j -> kubelet.completeJob(j.getMetadata().getName()));
  }

  /**
   * A runner's result document built from raw samples (a different latency shape per pod), pooled into
   * {@link #expected} as the test's independent answer.
   */
  public ResultDocument document(BenchmarkRun run, Pod pod) {
    String placement = pod.getMetadata().getLabels().get(Protocol.LABEL_PLACEMENT);
    int index = Integer.parseInt(pod.getMetadata().getLabels().get(FakeKubelet.INDEX_LABEL));
    String region = run.getSpec().getPlacements().stream().filter(p -> p.getName().equals(placement)).findFirst()
        .orElseThrow().getRegion();
    // each runner begins within a few ms of the published start instant, as on a healthy cluster
    String startAt = kubelet.startAt(run.getMetadata().getName());
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
    watches.forEach(Watch::close);
    cluster.close();
  }
}
