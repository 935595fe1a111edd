package dev.regatta.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.policy.PodSecurityStandards;
import dev.regatta.operator.testing.Harness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the Deployment's probes and Prometheus see, and the run command's flags. */
class OperatorEndpointsTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsHealthAndReadiness() throws Exception {
    try (Harness h = new Harness()) {
      OperatorLauncher op = h.cluster.startOperator();
      h.create(Harness.threeGroups("metered"));
      h.awaitPhase("metered", Phase.Starting);
      try (HttpEndpoints http = new HttpEndpoints(0, op::scrape, op::isHealthy, op::isReady)) {
        assertEquals(200, get(http.port(), "/healthz").statusCode());
        assertEquals(200, get(http.port(), "/readyz").statusCode());
        HttpResponse<String> metrics = get(http.port(), "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("regatta_runs{phase=\"Starting\"} 1.0"), metrics.body());
        assertTrue(metrics.body().contains("regatta_reconcile_duration_seconds_count"), metrics.body());
        assertTrue(metrics.body().contains("regatta_merge_duration_seconds"), metrics.body());
        assertTrue(metrics.body().contains("regatta_runner_pods"), metrics.body());
      }
      h.cluster.stopOperator();
      assertFalse(op.isReady(), "a stopped operator is not ready");
    }
  }

  @Test
  void runFlags() throws Exception {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--watch-namespaces", "team-a,team-b", "--leader-election",
        "--http-port", "9090");
    assertTrue(run.leaderElection);
    assertEquals(Set.of("team-a", "team-b"), Set.of(run.watchNamespaces));
    assertEquals(9090, run.httpPort);
    RunCommand defaults = new RunCommand();
    new CommandLine(defaults).parseArgs();
    assertEquals(8080, defaults.httpPort);
    if (System.getenv(PodPolicy.ENV_LEVEL) == null && System.getenv(PodPolicy.ENV_SERVICE_ACCOUNTS) == null
        && System.getenv(PodPolicy.ENV_SECRETS) == null) {
      assertEquals(PodPolicy.restricted(), defaults.podPolicy(), "restricted, per-run account only, by default");
    }
    RunCommand relaxed = new RunCommand();
    new CommandLine(relaxed).parseArgs("--pod-policy", "baseline", "--allowed-service-accounts", "a,b",
        "--run-secrets", "labelled");
    assertEquals(new PodPolicy(PodSecurityStandards.Level.BASELINE, Set.of("a", "b"), PodPolicy.Secrets.LABELLED),
        relaxed.podPolicy());
    for (String gone : List.of("--ssa", "--no-ssa")) {
      RunCommand ssa = new RunCommand();
      new CommandLine(ssa).parseArgs(gone);
      assertEquals(2, ssa.call(), gone + ": status has one write path; asking for another stops the start");
    }
    RunCommand typo = new RunCommand();
    new CommandLine(typo).parseArgs("--pod-policy", "restrcited");
    assertEquals(2, typo.call(), "an unreadable policy stops the start, before any API call");
  }
}
