package dev.regatta.operator;

import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.live.LiveAddresses;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How the operator runs; the same for a cluster (the run command) and local mode.
 *
 * @param watchNamespaces namespaces whose BenchmarkRuns are reconciled; empty means all
 * @param leaderElection hold a Lease so that only one replica reconciles
 * @param leaseNamespace namespace of the Lease (null: the operator pod's own namespace)
 * @param endpoints how the operator reaches an endpoint a run names (its S3 results store): as written on a
 *     cluster; local mode maps in-cluster names to its loopback stand-ins, as it does for the runners
 * @param podPolicy what run authors may ask of their pods (an administrator's setting; default restricted, per-run
 *     service account only)
 * @param liveAddresses where a runner pod's live endpoint is (default: its pod IP and port named live); local mode,
 *     where every pod is 127.0.0.1, maps each to its runner process's own port
 * @param progressEvery the least time between two renewals of a Running run's status.progress (default 10s)
 */
public record OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String leaseNamespace,
    Clock clock, UnaryOperator<String> endpoints, PodPolicy podPolicy, Function<Pod, URI> liveAddresses,
    Duration progressEvery) {
  public static final String LEASE_NAME = "regatta-operator";
  public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(10);

  public OperatorConfig {
    watchNamespaces = watchNamespaces == null ? Set.of() : Set.copyOf(watchNamespaces);
    clock = clock == null ? Clock.systemUTC() : clock;
    endpoints = endpoints == null ? UnaryOperator.identity() : endpoints;
    podPolicy = podPolicy == null ? PodPolicy.restricted() : podPolicy;
    liveAddresses = liveAddresses == null ? LiveAddresses.POD_IP : liveAddresses;
    progressEvery = progressEvery == null ? DEFAULT_PROGRESS_EVERY : progressEvery;
  }

  public OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String leaseNamespace, Clock clock,
      UnaryOperator<String> endpoints, PodPolicy podPolicy) {
    this(watchNamespaces, leaderElection, leaseNamespace, clock, endpoints, podPolicy, null, null);
  }

  public OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String leaseNamespace, Clock clock,
      UnaryOperator<String> endpoints) {
    this(watchNamespaces, leaderElection, leaseNamespace, clock, endpoints, null);
  }

  /** For local mode and tests: all namespaces, no Lease. */
  public static OperatorConfig local() {
    return new OperatorConfig(Set.of(), false, null, Clock.systemUTC(), null);
  }

  public OperatorConfig withEndpoints(UnaryOperator<String> endpoints) {
    return new OperatorConfig(watchNamespaces, leaderElection, leaseNamespace, clock, endpoints, podPolicy,
        liveAddresses, progressEvery);
  }

  public OperatorConfig withPodPolicy(PodPolicy podPolicy) {
    return new OperatorConfig(watchNamespaces, leaderElection, leaseNamespace, clock, endpoints, podPolicy,
        liveAddresses, progressEvery);
  }

  public OperatorConfig withWatchNamespaces(Set<String> watchNamespaces) {
    return new OperatorConfig(watchNamespaces, leaderElection, leaseNamespace, clock, endpoints, podPolicy,
        liveAddresses, progressEvery);
  }

  public OperatorConfig withLiveAddresses(Function<Pod, URI> liveAddresses) {
    return new OperatorConfig(watchNamespaces, leaderElection, leaseNamespace, clock, endpoints, podPolicy,
        liveAddresses, progressEvery);
  }

  public OperatorConfig withProgressEvery(Duration progressEvery) {
    return new OperatorConfig(watchNamespaces, leaderElection, leaseNamespace, clock, endpoints, podPolicy,
        liveAddresses, progressEvery);
  }
}
