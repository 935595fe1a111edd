package dev.regatta.operator;

import dev.regatta.operator.reconcile.abort.AbortRequest;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.metrics.Exposition;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.metrics.live.LiveSeries;
import dev.regatta.operator.reconcile.BenchmarkRunReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import dev.regatta.operator.reconcile.live.LiveFleet;
import dev.regatta.operator.reconcile.status.StatusThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the operator against a given client: the run command does it for a cluster, local mode for its
 * embedded API, tests for the mock server. Same reconciler, same configuration path everywhere.
 */
public final class OperatorLauncher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorLauncher.class);
  public static final String CONTROLLER_NAME = "benchmarkrun";

  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final OperatorMetrics metrics;

  private final LiveFleet live;

  private OperatorLauncher(Operator operator, PrometheusMeterRegistry registry, OperatorMetrics metrics,
      LiveFleet live) {
    this.live = live;
    this.operator = operator;
    this.registry = registry;
    this.metrics = metrics;
  }

  /** Which updates of a run reconcile it: a new generation, a deletion, or an abort request. */
  static boolean wakes(BenchmarkRun now, BenchmarkRun before) {
    long g = now.getMetadata().getGeneration() == null ? 0 : now.getMetadata().getGeneration();
    long was = before == null || before.getMetadata().getGeneration() == null ? 0 : before.getMetadata().getGeneration();
    return g > was || now.isMarkedForDeletion() || AbortRequest.changed(now, before);
  }

  /** Registers the BenchmarkRun controller and starts it (returns once the informers have synced). */
  public static OperatorLauncher start(KubernetesClient client, OperatorConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // One write path everywhere, the one the tests run (the mock API answers server-side apply with 415):
          // status by update with optimistic locking (CachedStatusUpdate), dependents created with a plain create.
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          // The dependents' objects stay as docs/PROTOCOL.md lists them (no JOSDK annotation on them); their own
          // create events are recognised from JOSDK's cache instead.
          .withPreviousAnnotationForDependentResources(false)
          // resourceVersions are compared as numbers, so an informer event older than the operator's own last
          // status write does not replace it in the cache (etcd revisions and the mock's counter both are).
          .withParseResourceVersions(true)
          .withStopOnInformerErrorDuringStartup(true)
          .withCacheSyncTimeout(Duration.ofMinutes(2));
      if (config.leaderElection()) {
        o.withLeaderElectionConfiguration(config.leaseNamespace() == null
            ? new LeaderElectionConfiguration(OperatorConfig.LEASE_NAME)
            : new LeaderElectionConfiguration(OperatorConfig.LEASE_NAME, config.leaseNamespace()));
      }
    });
    // the live runs' series on /metrics, fed by the same merge as status.progress; a deleted run's go at the next scrape
    LiveSeries series = new LiveSeries(metrics::runKeys);
    registry.getPrometheusRegistry().register(series);
    LiveFleet live = new LiveFleet(config.liveAddresses(), config.progressEvery(), series);
    operator.register(new BenchmarkRunReconciler(client, metrics, config.clock(), StatusThrottle.DEFAULT_INTERVAL,
        config.endpoints(), config.podPolicy(), live), c -> {
      c.withName(CONTROLLER_NAME);
      // A safety net under the event-driven design: even if every event and retry were lost, each run is
      // looked at again within this interval, so none sits in Running forever.
      c.withReconciliationMaxInterval(Duration.ofMinutes(5));
      // As generation-aware as before (the operator's own status writes wake nothing), and an abort request
      // (an annotation, which leaves the generation alone) gets through: regatta abort must not wait 5 minutes.
      c.withGenerationAware(false);
      c.withOnUpdateFilter(OperatorLauncher::wakes);
      if (config.watchNamespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.watchNamespaces());
      }
    });
    operator.start();
    LOG.info("operator started: namespaces={} leaderElection={} podPolicy={}",
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(), config.leaderElection(),
        config.podPolicy().describe());
    return new OperatorLauncher(operator, registry, metrics, live);
  }

  public Operator operator() {
    return operator;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** /metrics in the format {@code accept} asks for (protobuf carries the native histograms). */
  public Exposition.Body scrape(String accept) throws java.io.IOException {
    return Exposition.of(registry.getPrometheusRegistry(), accept);
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Ready: started (a standby replica waiting for the Lease is ready too: it can take over). */
  public boolean isReady() {
    try {
      return operator.getRuntimeInfo().isStarted();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Live: every informer is watching (an informer that lost its watch for good needs a restart). */
  public boolean isHealthy() {
    try {
      return !operator.getRuntimeInfo().isStarted() || operator.getRuntimeInfo().allEventSourcesAreHealthy();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public void stop() {
    operator.stop();
    live.close();
    registry.close();
  }

  @Override
  public void close() {
    stop();
  }

  /** The CRD name the operator needs installed. */
  public static String crdName() {
    return BenchmarkRun.CRD_NAME;
  }
}
