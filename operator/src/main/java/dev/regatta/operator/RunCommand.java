package dev.regatta.operator;

import dev.regatta.operator.metrics.Exposition;
import dev.regatta.operator.policy.PodPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `regatta-operator run`: the operator in a cluster (in-cluster config or the kubeconfig). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator: reconcile BenchmarkRuns into Jobs, start barriers and merged results.")
public class RunCommand implements Callable<Integer> {
  @Option(names = "--watch-namespaces", split = ",", defaultValue = "${env:REGATTA_WATCH_NAMESPACES}",
      description = "Comma-separated namespaces to watch (default: all). Env REGATTA_WATCH_NAMESPACES.")
  String[] watchNamespaces;

  @Option(names = "--leader-election", negatable = true, defaultValue = "${env:REGATTA_LEADER_ELECTION:-false}",
      fallbackValue = "true",
      description = "Hold a Lease so only one replica reconciles. Env REGATTA_LEADER_ELECTION. Lease namespace: REGATTA_LEASE_NAMESPACE.")
  boolean leaderElection;

  /** Removed: status is written one way (docs/PROTOCOL.md, "Status"); a Deployment that still asks fails loudly. */
  @Option(names = "--ssa", negatable = true, hidden = true)
  Boolean ssa;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port of /metrics, /healthz and /readyz.")
  int httpPort;

  @Option(names = "--pod-policy", defaultValue = "${env:REGATTA_POD_POLICY:-restricted}",
      description = "Pod Security Standards level every runner pod must meet: restricted (default), baseline or "
          + "privileged. A run asking for more is refused. Env REGATTA_POD_POLICY.")
  String podPolicy;

  @Option(names = "--allowed-service-accounts", split = ",", defaultValue = "${env:REGATTA_ALLOWED_SERVICE_ACCOUNTS}",
      description = "Service accounts a run may name besides its per-run account (comma-separated; * for any; "
          + "default none). Env REGATTA_ALLOWED_SERVICE_ACCOUNTS.")
  String[] allowedServiceAccounts;

  @Option(names = "--run-secrets", defaultValue = "${env:REGATTA_RUN_SECRETS:-any}",
      description = "Which Secrets of its namespace a run may name: any (default) or labelled (only those labelled "
          + "regatta.dev/usable-by-runs=true). Env REGATTA_RUN_SECRETS.")
  String runSecrets;

  PodPolicy podPolicy() {
    return PodPolicy.fromEnvironment(java.util.Map.of(PodPolicy.ENV_LEVEL, podPolicy == null ? "" : podPolicy,
        PodPolicy.ENV_SERVICE_ACCOUNTS, allowedServiceAccounts == null ? "" : String.join(",", allowedServiceAccounts),
        PodPolicy.ENV_SECRETS, runSecrets == null ? "" : runSecrets));
  }

  @Override
  public Integer call() throws Exception {
    if (ssa != null) {
      System.err.println("regatta-operator run: --ssa and --no-ssa are gone: status is always written by an update "
          + "with optimistic locking, the path the tests run (docs/PROTOCOL.md, \"Status\"); remove the option");
      return 2;
    }
    Set<String> namespaces = new LinkedHashSet<>();
    if (watchNamespaces != null) {
      Arrays.stream(watchNamespaces).map(String::trim).filter(s -> !s.isEmpty()).forEach(namespaces::add);
    }
    String leaseNs = System.getenv("REGATTA_LEASE_NAMESPACE");
    // An administrator's setting, from the Deployment's environment; a value it cannot read stops the start.
    PodPolicy policy;
    try {
      policy = podPolicy();
    } catch (IllegalArgumentException e) {
      System.err.println("regatta-operator run: " + e.getMessage());
      return 2;
    }
    OperatorConfig config = new OperatorConfig(namespaces, leaderElection,
        leaseNs == null || leaseNs.isBlank() ? null : leaseNs, null, null, policy);
    // The JDK client is the only one in the operator jar (its build bans Vert.x); named, not left to classpath
    // order, so it stays the one the tests and local mode use.
    KubernetesClient client = new KubernetesClientBuilder()
        .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build();
    // The endpoints come up first: the operator's start waits for its informers to sync, and until then the
    // pod is live but not ready.
    AtomicReference<OperatorLauncher> launcher = new AtomicReference<>();
    HttpEndpoints http = new HttpEndpoints(httpPort,
        accept -> launcher.get() == null ? new Exposition.Body("text/plain; version=0.0.4; charset=utf-8", new byte[0])
            : launcher.get().scrape(accept),
        () -> launcher.get() == null || launcher.get().isHealthy(),
        () -> launcher.get() != null && launcher.get().isReady());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      if (launcher.get() != null) {
        launcher.get().stop();
      }
      client.close();
      stopped.countDown();
    }, "shutdown"));
    launcher.set(OperatorLauncher.start(client, config));
    stopped.await();
    return 0;
  }
}
