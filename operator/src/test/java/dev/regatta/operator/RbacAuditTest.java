package dev.regatta.operator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.testing.Harness;
import dev.regatta.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/rbac.yaml against what the operator really sends: every request of the operator's own client (its
 * informers, JOSDK, the reconciler, the Event recorder, the S3 credential read) through a succeeded run with an
 * S3 sink and a TTL clean-up, a failed run whose other Job is suspended, and runs refused for a name collision
 * (with a live run's Job, and with an account, Role or RoleBinding somebody else made).
 * Each request must be granted, and every grant must be used, except the few the mock API cannot show (listed,
 * with why). Watching one namespace, it sends nothing outside it.
 */
class RbacAuditTest {
  /** Granted but not seen here, each for a reason outside the mock: see the comments in deploy/rbac.yaml. */
  private static final Map<String, TreeSet<String>> NOT_OBSERVABLE = Map.of(
      // Leader election is off against the mock API (JOSDK's access check needs a real SelfSubjectRulesReview).
      "coordination.k8s.io/leases", set("create", "get", "patch", "update"),
      // Not called: the per-run Role grants it to runners, and RBAC lets only a holder grant a verb.
      "/configmaps", set("patch"));

  @Test
  void theClusterRoleGrantsExactlyWhatTheOperatorSends() throws Exception {
    Map<String, TreeSet<String>> used = new TreeMap<>();
    for (RecordedRequest r : operatorRequests(OperatorConfig.local())) {
      String[] gv = grantOf(r);
      if (gv != null) {
        used.computeIfAbsent(gv[0], k -> new TreeSet<>()).add(gv[1]);
      }
    }
    Map<String, TreeSet<String>> granted = granted();
    List<String> problems = new ArrayList<>();
    used.forEach((resource, verbs) -> verbs.forEach(v -> {
      if (!granted.getOrDefault(resource, new TreeSet<>()).contains(v)) {
        problems.add("the operator sends " + v + " " + resource + " but deploy/rbac.yaml does not grant it");
      }
    }));
    granted.forEach((resource, verbs) -> verbs.forEach(v -> {
      if (!used.getOrDefault(resource, new TreeSet<>()).contains(v)
          && !NOT_OBSERVABLE.getOrDefault(resource, new TreeSet<>()).contains(v)) {
        problems.add("deploy/rbac.yaml grants " + v + " " + resource + " but the operator never sent it");
      }
    }));
    // The unobservable list cannot go stale: each entry is granted, and not seen after all.
    NOT_OBSERVABLE.forEach((resource, verbs) -> verbs.forEach(v -> {
      if (!granted.getOrDefault(resource, new TreeSet<>()).contains(v)) {
        problems.add("NOT_OBSERVABLE lists " + v + " " + resource + ", which deploy/rbac.yaml does not grant");
      }
      if (used.getOrDefault(resource, new TreeSet<>()).contains(v)) {
        problems.add("NOT_OBSERVABLE lists " + v + " " + resource + ", which the operator did send");
      }
    }));
    assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nused: " + used);
    assertTrue(used.containsKey("/secrets") && used.containsKey("batch/jobs"), "the scenarios ran: " + used);
  }

  /**
   * With watchNamespaces, every request the operator sends is inside a watched namespace, so the Roles the Helm
   * chart renders there (the ClusterRole's rules, HelmChartTest) are all it needs: no cluster-wide grant.
   */
  @Test
  void watchingOneNamespaceTheOperatorSendsNothingOutsideIt() throws Exception {
    List<String> outside = new ArrayList<>();
    int inside = 0;
    for (RecordedRequest r : operatorRequests(OperatorConfig.local().withWatchNamespaces(Set.of(Harness.NS)))) {
      if (grantOf(r) == null) {
        continue; // discovery and /version: allowed to every user
      }
      if (r.getPath().contains("/namespaces/" + Harness.NS + "/")) {
        inside++;
      } else {
        outside.add(r.getMethod() + " " + r.getPath());
      }
    }
    assertTrue(outside.isEmpty(), "requests outside namespace " + Harness.NS + ": " + outside);
    assertTrue(inside > 50, "the scenarios ran: " + inside + " requests");
  }

  /**
   * Every request of the operator's own client through the scenarios: a succeeded run with an S3 sink and a TTL
   * clean-up, a failed run whose other Job is suspended, a run whose Job name is the failed run's, and runs whose
   * per-run account, Role or RoleBinding name is already somebody else's (refused, after reading what is there).
   */
  private static List<RecordedRequest> operatorRequests(OperatorConfig config) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (Harness h = new Harness()) {
      h.client.secrets().inNamespace(Harness.NS).resource(new SecretBuilder().withNewMetadata().withName("s3-creds")
          .endMetadata().withData(Map.of("AWS_ACCESS_KEY_ID", b64("a"), "AWS_SECRET_ACCESS_KEY", b64("s"))).build())
          .create();
      h.client.serviceAccounts().inNamespace(Harness.NS).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName("sa-runner").endMetadata().build()).create();
      h.client.rbac().roles().inNamespace(Harness.NS).resource(new RoleBuilder().withNewMetadata()
          .withName("role-runner").endMetadata().build()).create();
      h.client.rbac().roleBindings().inNamespace(Harness.NS).resource(new RoleBindingBuilder().withNewMetadata()
          .withName("rb-runner").endMetadata().withNewRoleRef().withKind("Role").withName("x").endRoleRef().build())
          .create();
      h.cluster.startOperator(config);

      // A run that succeeds (its documents in ConfigMaps), tries the merged report upload (reads the Secret; the
      // endpoint is closed), and is cleaned up after a 1s TTL (Jobs and pods deleted).
      h.create(Harness.threeGroups("ok").replace("ttlAfterFinished: 1h", "ttlAfterFinished: 1s")
          .replace("  startDelay: 100ms", "  results:\n    s3: {bucket: results, endpoint: \"http://127.0.0.1:"
              + closed + "\", credentialsSecret: {name: s3-creds}}\n  startDelay: 100ms"));
      h.awaitPhase("ok", Phase.Starting);
      List<Pod> pods = h.startAll("ok");
      h.awaitPhase("ok", Phase.Running);
      h.finishAll("ok", pods);
      h.awaitPhase("ok", Phase.Succeeded);
      Harness.await("the TTL clean-up").until(() -> h.events("ok").stream().anyMatch(e -> "Cleaned".equals(e.getReason())));

      // A run whose Job fails while the others run: the others are suspended (get + patch).
      h.create(Harness.threeGroups("bad"));
      h.awaitPhase("bad", Phase.Starting);
      List<Pod> badPods = h.startAll("bad");
      h.awaitPhase("bad", Phase.Running);
      // a bad run file in one pod of Job bad-us: exit code 2 fails that Job at once (its podFailurePolicy)
      h.runners.exit(badPods.stream().filter(p -> p.getMetadata().getName().startsWith("bad-us-")).findFirst()
          .orElseThrow(), 2, "run file: unknown field");
      h.awaitPhase("bad", Phase.Failed);
      Harness.await("other Jobs suspended").until(() -> h.jobs("bad").stream()
          .filter(j -> !j.getMetadata().getName().equals("bad-us"))
          .allMatch(j -> Boolean.TRUE.equals(j.getSpec().getSuspend())));

      // A run whose Job name is the failed run's Job: refused after asking whether that run still exists (get).
      h.create("""
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: bad-eu, namespace: %s}
          spec:
            placements:
              - {name: a, pods: 1}
            scenarios:
              - name: get
                redis: {url: "redis://127.0.0.1:6379", key: k}
                duration: 1s
          """.formatted(Harness.NS));
      BenchmarkRun taken = h.awaitPhase("bad-eu", Phase.Failed);
      assertTrue(taken.getStatus().getMessage().startsWith("name collision: Job bad-eu-a already belongs to run bad"),
          taken.getStatus().getMessage());

      // Name collisions on each RBAC kind (created one at a time, account first): get after the 409.
      for (String run : List.of("sa", "role", "rb")) {
        h.create(Harness.threeGroups(run));
        BenchmarkRun refused = h.awaitPhase(run, Phase.Failed);
        assertTrue(refused.getStatus().getMessage().startsWith("name collision: "), refused.getStatus().getMessage());
      }
      h.cluster.stopOperator();
      return h.cluster.takeRequests().stream()
          .filter(r -> MockCluster.OPERATOR_USER_AGENT.equals(r.getHeader("User-Agent"))).toList();
    }
  }

  /**
   * "group/resource[/subresource]" and the RBAC verb of one API request; null for discovery and /version, which
   * every authenticated user may read (system:discovery).
   */
  static String[] grantOf(RecordedRequest r) {
    String full = r.getPath();
    String path = full.contains("?") ? full.substring(0, full.indexOf('?')) : full;
    String query = full.contains("?") ? full.substring(full.indexOf('?') + 1) : "";
    List<String> parts = new ArrayList<>(List.of(path.substring(1).split("/")));
    if (parts.size() < ("api".equals(parts.get(0)) ? 3 : 4)) {
      return null;
    }
    String group;
    if ("api".equals(parts.get(0))) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    }
    if (!parts.isEmpty() && "namespaces".equals(parts.get(0)) && parts.size() > 2) {
      parts = parts.subList(2, parts.size());
    }
    String resource = group + "/" + parts.get(0) + (parts.size() > 2 ? "/" + parts.get(2) : "");
    boolean named = parts.size() > 1;
    String verb = switch (r.getMethod()) {
      case "GET" -> query.matches("(.*&)?watch=(true|1)(&.*)?") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> r.getMethod();
    };
    return new String[] {resource, verb};
  }

  /** What deploy/rbac.yaml grants the operator: its ClusterRole and its Role (the Lease), together. */
  private static Map<String, TreeSet<String>> granted() throws Exception {
    Path rbac = Path.of("..", "deploy", "rbac.yaml");
    Map<String, TreeSet<String>> out = new TreeMap<>();
    try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(Files.readString(rbac))) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d == null || !"ClusterRole".equals(d.path("kind").asText()) && !"Role".equals(d.path("kind").asText())) {
          continue;
        }
        for (JsonNode rule : d.path("rules")) {
          for (JsonNode g : rule.path("apiGroups")) {
            for (JsonNode res : rule.path("resources")) {
              TreeSet<String> verbs = out.computeIfAbsent(g.asText() + "/" + res.asText(), k -> new TreeSet<>());
              rule.path("verbs").forEach(v -> verbs.add(v.asText()));
            }
          }
        }
      }
    }
    return out;
  }

  private static TreeSet<String> set(String... s) {
    return new TreeSet<>(List.of(s));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
