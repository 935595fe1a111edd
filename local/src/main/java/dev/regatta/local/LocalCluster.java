package dev.regatta.local;

import dev.regatta.api.AddressMap;
import dev.regatta.local.api.EmbeddedApiServer;
import dev.regatta.local.executor.ExecutorSettings;
import dev.regatta.local.executor.LocalExecutor;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.local.standins.EndpointRewriter;
import dev.regatta.local.standins.Standins;
import dev.regatta.local.standins.TargetPlan;
import dev.regatta.operator.OperatorConfig;
import dev.regatta.operator.OperatorLauncher;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole system on one machine: embedded API, stand-ins for in-cluster targets, the local executor,
 * and the real operator (same launcher, configuration path and status write as in a cluster).
 * Closing it stops everything it started, child processes included.
 */
public final class LocalCluster implements AutoCloseable {
  /** What to start. */
  public record Settings(int apiPort, Path runnerJar, Path workDir, List<Zone> zones, int nodesPerZone,
      String redisServer, long blobSize, Duration killGrace) {}

  private EmbeddedApiServer api;
  private Standins standins;
  private KubernetesClient executorClient;
  private KubernetesClient operatorClient;
  private LocalExecutor executor;
  private OperatorLauncher operator;
  private volatile boolean closed;

  private LocalCluster() {}

  public static LocalCluster start(Settings s, TargetPlan plan) throws Exception {
    return start(s, plan, OperatorConfig.DEFAULT_PROGRESS_EVERY);
  }

  /** @param progressEvery how often a Running run's status.progress may be renewed (tests shorten it) */
  public static LocalCluster start(Settings s, TargetPlan plan, Duration progressEvery) throws Exception {
    LocalCluster c = new LocalCluster();
    try {
      c.api = EmbeddedApiServer.start(s.apiPort());
      c.standins = Standins.start(plan, s.redisServer(), s.blobSize(), s.workDir().resolve("standins"));
      c.executorClient = c.api.newClient();
      EndpointRewriter endpoints = new EndpointRewriter(c.standins.targets());
      publishAddressMap(c.executorClient, endpoints);
      c.executor = new LocalExecutor(c.executorClient, new ExecutorSettings(s.runnerJar(), s.workDir(), c.api.url(),
          c.api.token(), s.zones(), s.nodesPerZone(), s.redisServer(), endpoints, s.killGrace()));
      c.executor.start();
      c.api.serveLogs(c.executor.logs());
      c.operatorClient = c.api.newClient();
      c.operator = OperatorLauncher.start(c.operatorClient,
          // the operator reads S3 results from the store the run names, like the runners: the same stand-ins;
          // the pod policy from the same environment variables as in a cluster (default restricted)
          OperatorConfig.local().withEndpoints(endpoints::rewriteUrl)
              .withPodPolicy(dev.regatta.operator.policy.PodPolicy.fromEnvironment(System.getenv()))
              // every local pod is 127.0.0.1: the executor knows which runner listens where
              .withLiveAddresses(c.executor.livePorts()::endpoint)
              .withProgressEvery(progressEvery));
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  /**
   * The stand-ins' mapping in a ConfigMap of the embedded API, so that a client outside local mode's JVM (the
   * {@code report} command, reading a run's S3 results) reaches the same stand-ins the operator does.
   */
  private static void publishAddressMap(KubernetesClient client, EndpointRewriter endpoints) {
    client.configMaps().inNamespace(AddressMap.CONFIG_MAP_NAMESPACE).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(AddressMap.CONFIG_MAP_NAME).withNamespace(AddressMap.CONFIG_MAP_NAMESPACE)
        .addToLabels("app.kubernetes.io/managed-by", "regatta-local").endMetadata()
        .addToData(AddressMap.CONFIG_MAP_KEY, endpoints.addressMap().toJson()).build()).createOr(NonDeletingOperation::update);
  }

  public EmbeddedApiServer api() {
    return api;
  }

  public Standins standins() {
    return standins;
  }

  public LocalExecutor executor() {
    return executor;
  }

  /** The operator (its /metrics: {@link OperatorLauncher#scrape}). */
  public OperatorLauncher operator() {
    return operator;
  }

  /** A new client for the embedded API; the caller closes it. */
  public KubernetesClient newClient() {
    return api.newClient();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    quietly(() -> operator.close(), operator);
    quietly(() -> executor.close(), executor);
    quietly(() -> standins.close(), standins);
    quietly(() -> operatorClient.close(), operatorClient);
    quietly(() -> executorClient.close(), executorClient);
    quietly(() -> api.close(), api);
  }

  private static void quietly(Runnable r, Object target) {
    if (target == null) {
      return;
    }
    try {
      r.run();
    } catch (RuntimeException e) {
      // stopping the rest matters more than this part's error
    }
  }
}
