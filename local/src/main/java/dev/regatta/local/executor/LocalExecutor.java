package dev.regatta.local.executor;

import dev.regatta.kubesim.SimulatedCluster;
import dev.regatta.kubesim.gc.ResourceKind;
import dev.regatta.kubesim.nodes.NodePool;
import dev.regatta.local.logs.PodLogs;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The parts of a cluster that run a Job, for local mode: the simulated control plane of the kubesim module (Job
 * controller, scheduler, kubelet, garbage collector) over the embedded API, with nodes in the configured zones,
 * all this machine, whose kubelet runs each pod as real processes ({@link ProcessRuntime}: a runner JVM and
 * redis-server sidecars). Deleting a BenchmarkRun deletes what it owns.
 */
public final class LocalExecutor implements AutoCloseable {
  /** BenchmarkRuns own the objects the operator makes for them (owner references). */
  static final ResourceKind BENCHMARK_RUNS = new ResourceKind("regatta.dev/v1alpha1", "BenchmarkRun", "benchmarkruns");

  private final KubernetesClient client;
  private final ExecutorSettings settings;
  private final PodLogs logs;
  private final List<Node> nodes;
  private final LivePorts livePorts = new LivePorts();
  private SimulatedCluster cluster;

  public LocalExecutor(KubernetesClient client, ExecutorSettings settings) {
    this.client = client;
    this.settings = settings;
    this.logs = new PodLogs(settings.logMaxBytes());
    this.nodes = nodePool(settings).nodes();
  }

  static NodePool nodePool(ExecutorSettings settings) {
    return NodePool.of("local", settings.zones(), settings.nodesPerZone())
        .withLabels(Map.of("regatta.dev/local", "true"))
        .describedAs("Regatta local executor is running pods as processes on this machine");
  }

  /** Every container's output, for the API's pods/log. */
  public PodLogs logs() {
    return logs;
  }

  /** Where each local runner's live endpoint is, for the operator (see {@link LivePorts}). */
  public LivePorts livePorts() {
    return livePorts;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** Creates the nodes and starts the simulated control plane. */
  public void start() {
    cluster = SimulatedCluster.on(client).nodes(nodePool(settings))
        .runtime(new ProcessRuntime(client, settings, logs, livePorts))
        .ownerKind(BENCHMARK_RUNS)
        .instance("regatta-local")
        // closing stops every pod at once; each has killGrace between SIGTERM and SIGKILL
        .stopTimeout(settings.killGrace().plus(Duration.ofSeconds(5)))
        .start();
  }

  /** Pods whose processes run (for tests and diagnostics). */
  public int runningPodCount() {
    return cluster == null ? 0 : cluster.kubelet().runningPodCount();
  }

  /** Stops watching and stops every pod's processes; waits for them to exit. */
  @Override
  public void close() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
