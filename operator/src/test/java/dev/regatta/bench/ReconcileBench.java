package dev.regatta.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.kubesim.Component;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator at scale on the mock API (fabric8 CRUD mock; kubesim's Job controller, scheduler and kubelet with
 * the operator tests' fake runners): a 1,000-pod run, 10 placement groups × 100 pods in two regions. Goal: every object the
 * operator creates exists within 5 s of the run's creation. Also: how long the barrier and the collection
 * take once the (fake) pods have done their part, and how big the finished status is. `make bench` only.
 */
@Tag("bench")
class ReconcileBench {
  static final int GROUPS = 10;
  static final int PODS_PER_GROUP = 100;

  static String run(String name) {
    StringBuilder placements = new StringBuilder();
    for (int g = 0; g < GROUPS; g++) {
      placements.append(String.format(Locale.ROOT, "    - {name: g%d, pods: %d, region: %s}%n", g, PODS_PER_GROUP,
          g % 2 == 0 ? "eu-west-1" : "us-east-1"));
    }
    return """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata:
          name: %s
          namespace: %s
        spec:
          placements:
        %s  sidecars:
            - {name: redis, port: 6379, preload: {key: blob, generate: {size: 1Mi}}}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", key: blob}
              duration: 10s
              matrix:
                bufferSize: {values: [4096, 65536]}
          startDelay: 100ms
          startTimeout: 10m
          timeout: 30m
        """.formatted(name, Harness.NS, placements);
  }

  @Test
  void thousandPodRun() {
    String name = "scale";
    int pods = GROUPS * PODS_PER_GROUP;
    // the Job controller starts paused: the first figure is the operator's alone, as it was measured before
    try (Harness h = new Harness(Component.JOB_CONTROLLER)) {
      h.cluster.startOperator();
      long t0 = System.nanoTime();
      h.create(run(name));
      // everything the operator creates for a run (docs/PROTOCOL.md): Jobs, result/spec/start ConfigMaps, RBAC
      poll(() -> h.jobs(name).size() == GROUPS
          && h.client.configMaps().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, name).list().getItems().size()
              == pods + 2
          && h.client.serviceAccounts().inNamespace(Harness.NS).withName(Protocol.runnerAccountName(name)).get() != null
          && h.client.rbac().roles().inNamespace(Harness.NS).withName(Protocol.runnerAccountName(name)).get() != null
          && h.client.rbac().roleBindings().inNamespace(Harness.NS).withName(Protocol.runnerAccountName(name)).get()
              != null);
      double objectsSeconds = (System.nanoTime() - t0) / 1e9;
      if (Boolean.getBoolean("regatta.bench.objectsOnly")) { // -Dregatta.bench.objectsOnly=true: this step only
        BenchOut.append(String.format(Locale.ROOT, "%n| run created → every object exists (10 Jobs, %d ConfigMaps, RBAC) "
            + "| %.2f s | < 5 s %s |%n", pods + 2, objectsSeconds, objectsSeconds < 5 ? "met" : "**missed**"));
        return;
      }

      long k0 = System.nanoTime();
      h.controlPlane.resume(Component.JOB_CONTROLLER);
      List<Pod> started = h.startAll(name); // Job controller, scheduler, kubelet; the fake runners report ready
      double kubeletSeconds = (System.nanoTime() - k0) / 1e9;
      long b0 = System.nanoTime();
      poll(() -> phase(h, name) == Phase.Running);
      double barrierSeconds = (System.nanoTime() - b0) / 1e9;

      long f0 = System.nanoTime();
      h.finishAll(name, started);
      double finishSeconds = (System.nanoTime() - f0) / 1e9;
      long c0 = System.nanoTime();
      poll(() -> phase(h, name) != null && phase(h, name).isFinished());
      double collectSeconds = (System.nanoTime() - c0) / 1e9;
      BenchmarkRun done = h.get(name);
      assertEquals(Phase.Succeeded, done.getStatus().getPhase(), done.getStatus().getMessage());
      int statusBytes = json(done.getStatus()).length;
      int objectBytes = json(done).length;

      StringBuilder md = new StringBuilder();
      md.append("\n## Operator at scale: a 1,000-pod run (10 groups × 100 pods) on the mock API\n\n");
      md.append("The fabric8 mock API server in CRUD mode and the operator in one JVM (heap ")
          .append(BenchOut.mib(Runtime.getRuntime().maxMemory()))
          .append("); kubesim's Job controller, scheduler and kubelet make, place and run the pods, the tests' fake "
              + "runners write their results.\n\n");
      md.append("| step | time | goal |\n|---|---:|---:|\n");
      md.append(String.format(Locale.ROOT, "| run created → every object exists (10 Jobs, %d ConfigMaps, RBAC) | %.2f s | < 5 s %s |%n",
          pods + 2, objectsSeconds, objectsSeconds < 5 ? "met" : "**missed**"));
      md.append(String.format(Locale.ROOT, "| (simulated control plane: create, schedule, run and ready 1,000 pods) | %.2f s | |%n",
          kubeletSeconds));
      md.append(String.format(Locale.ROOT, "| last runner ready → phase Running (start instant published) | %.2f s | |%n", barrierSeconds));
      md.append(String.format(Locale.ROOT, "| (fake runners: write 1,000 results and exit) | %.2f s | |%n", finishSeconds));
      md.append(String.format(Locale.ROOT, "| last runner exited → Succeeded (Jobs complete; read 1,000 results, merge, status) | %.2f s | |%n", collectSeconds));
      md.append(String.format(Locale.ROOT, "| status size (JSON) / whole object | %.1f KiB / %.1f KiB | far below 1.5 MiB |%n",
          statusBytes / 1024.0, objectBytes / 1024.0));
      BenchOut.append(md.toString());
    }
  }

  private static Phase phase(Harness h, String name) {
    BenchmarkRun r = h.get(name);
    return r == null || r.getStatus() == null ? null : r.getStatus().getPhase();
  }

  private static byte[] json(Object o) {
    try {
      return ResultJson.mapper().writeValueAsBytes(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls every 50 ms (listing 1,000 objects is not free), up to 10 minutes. */
  private static void poll(Callable<Boolean> done) {
    Awaitility.await("the step").atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(done);
  }
}
