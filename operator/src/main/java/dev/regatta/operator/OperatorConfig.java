package dev.regatta.operator;

import java.time.Clock;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How the operator runs; the same for a cluster (the run command) and local mode.
 *
 * @param watchNamespaces namespaces whose BenchmarkRuns are reconciled; empty means all
 * @param leaderElection hold a Lease so that only one replica reconciles
 * @param leaseNamespace namespace of the Lease (null: the operator pod's own namespace)
 * @param ssa server-side apply for status patches; the fabric8 mock server (local mode, tests) needs it off
 * @param endpoints how the operator reaches an endpoint a run names (its S3 results store): as written on a
 *     cluster; local mode maps in-cluster names to its loopback stand-ins, as it does for the runners
 */
public record OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, String leaseNamespace, boolean ssa,
    Clock clock, UnaryOperator<String> endpoints) {
  public static final String LEASE_NAME = "regatta-operator";

  public OperatorConfig {
    watchNamespaces = watchNamespaces == null ? Set.of() : Set.copyOf(watchNamespaces);
    clock = clock == null ? Clock.systemUTC() : clock;
    endpoints = endpoints == null ? UnaryOperator.identity() : endpoints;
  }

  /** For local mode and tests against the mock API: all namespaces, no Lease, no server-side apply. */
  public static OperatorConfig local() {
    return new OperatorConfig(Set.of(), false, null, false, Clock.systemUTC(), null);
  }

  public OperatorConfig withEndpoints(UnaryOperator<String> endpoints) {
    return new OperatorConfig(watchNamespaces, leaderElection, leaseNamespace, ssa, clock, endpoints);
  }
}
