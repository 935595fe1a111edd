package dev.regatta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.regatta.api.RunFiles;
import dev.regatta.crd.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/ installs what the operator needs and nothing more; the Helm chart says the same as the plain manifests. */
class DeployManifestsTest {
  private static final Path DEPLOY = RepoPaths.root().resolve("deploy");
  private static final Path CHART = DEPLOY.resolve("helm/regatta");

  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static JsonNode find(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }

  /** "group/resource" -> verbs, from a ClusterRole's rules. */
  private static Map<String, TreeSet<String>> grants(JsonNode rules) {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    for (JsonNode rule : rules) {
      for (JsonNode g : rule.path("apiGroups")) {
        for (JsonNode r : rule.path("resources")) {
          TreeSet<String> verbs = out.computeIfAbsent(g.asText() + "/" + r.asText(), k -> new TreeSet<>());
          rule.path("verbs").forEach(v -> verbs.add(v.asText()));
        }
      }
    }
    return out;
  }

  private static TreeSet<String> set(String... s) {
    return new TreeSet<>(List.of(s));
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheOperatorUsesAndNoWildcards() throws IOException {
    String rbac = Files.readString(DEPLOY.resolve("rbac.yaml"));
    JsonNode role = find(documents(rbac), "ClusterRole");
    Map<String, TreeSet<String>> expected = new LinkedHashMap<>();
    // What the operator's code calls (see the comment on each rule in deploy/rbac.yaml); the operator module's
    // RbacAuditTest checks the same list against the API requests the operator really makes.
    expected.put("regatta.dev/benchmarkruns", set("get", "list", "watch"));
    // status is one update with optimistic locking (JOSDK's PrimaryUpdateAndCacheUtils), never a patch
    expected.put("regatta.dev/benchmarkruns/status", set("update"));
    expected.put("batch/jobs", set("create", "get", "list", "watch", "patch", "delete"));
    expected.put("/pods", set("list", "watch", "delete"));
    expected.put("/configmaps", set("create", "get", "list", "watch", "update", "patch"));
    // JOSDK dependents: list/watch for their informers (label-selected); get only after a 409, to refuse an
    // object of that name the run does not own
    expected.put("/serviceaccounts", set("create", "get", "list", "watch"));
    expected.put("rbac.authorization.k8s.io/roles", set("create", "get", "list", "watch"));
    expected.put("rbac.authorization.k8s.io/rolebindings", set("create", "get", "list", "watch"));
    expected.put("/events", set("create"));
    expected.put("/secrets", set("get"));
    assertEquals(new TreeMap<>(expected), grants(role.path("rules")));
    assertFalse(role.path("rules").toString().contains("\"*\""), "no wildcard in the ClusterRole");
    // The Lease only in the operator's namespace. fabric8 7.5's LeaseLock renews with a JSON merge patch; JOSDK's
    // start-up check asks for update.
    JsonNode lease = find(documents(rbac), "Role");
    assertEquals("regatta-system", lease.at("/metadata/namespace").asText());
    assertEquals(Map.of("coordination.k8s.io/leases", set("get", "create", "update", "patch")),
        grants(lease.path("rules")));
    JsonNode leaseBinding = find(documents(rbac), "RoleBinding");
    assertEquals(lease.at("/metadata/name"), leaseBinding.at("/roleRef/name"));
    assertEquals("regatta-system", leaseBinding.at("/metadata/namespace").asText());

    JsonNode binding = find(documents(rbac), "ClusterRoleBinding");
    JsonNode sa = find(documents(rbac), "ServiceAccount");
    assertEquals(role.at("/metadata/name"), binding.at("/roleRef/name"));
    assertEquals(sa.at("/metadata/name"), binding.at("/subjects/0/name"));
    assertEquals("regatta-system", binding.at("/subjects/0/namespace").asText());
  }

  /**
   * The chart's rules: one definition, used by its ClusterRole and by its per-namespace Roles (the operator
   * module's HelmChartTest renders the chart with Helm and checks both).
   */
  @Test
  void helmChartGrantsTheSameRules() throws IOException {
    String helpers = Files.readString(CHART.resolve("templates/_helpers.tpl"));
    String start = "{{- define \"regatta.operatorRules\" -}}";
    String rules = helpers.substring(helpers.indexOf(start) + start.length());
    rules = rules.substring(0, rules.indexOf("{{- end -}}"));
    JsonNode helmRules = RunFiles.yaml().readTree(rules);
    JsonNode plain = find(documents(Files.readString(DEPLOY.resolve("rbac.yaml"))), "ClusterRole").get("rules");
    assertEquals(plain, helmRules, "deploy/helm/regatta/templates/_helpers.tpl must grant what deploy/rbac.yaml grants");
  }

  @Test
  void operatorDeploymentIsLockedDown() throws IOException {
    JsonNode d = find(documents(Files.readString(DEPLOY.resolve("operator.yaml"))), "Deployment");
    assertEquals("regatta-system", d.at("/metadata/namespace").asText());
    JsonNode pod = d.at("/spec/template/spec");
    JsonNode c = pod.at("/containers/0");
    assertEquals("ghcr.io/regatta-dev/regatta-operator:0.1.0", c.path("image").asText());
    assertEquals("[\"run\",\"--leader-election\"]", c.path("args").toString());
    assertEquals(8080, c.at("/ports/0/containerPort").asInt());
    assertEquals("/healthz", c.at("/livenessProbe/httpGet/path").asText());
    assertEquals("/readyz", c.at("/readinessProbe/httpGet/path").asText());
    assertTrue(c.at("/resources/requests/memory").isTextual() && c.at("/resources/limits/memory").isTextual());
    assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
    assertTrue(c.at("/securityContext/runAsNonRoot").asBoolean());
    assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
    assertEquals("[\"ALL\"]", c.at("/securityContext/capabilities/drop").toString());
    assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
    assertEquals(65532, pod.at("/securityContext/runAsUser").asInt());
    assertEquals("/tmp", c.at("/volumeMounts/0/mountPath").asText());
    assertTrue(pod.at("/volumes/0/emptyDir").isObject());
    Map<String, JsonNode> env = new TreeMap<>();
    c.path("env").forEach(e -> env.put(e.get("name").asText(), e));
    assertTrue(env.containsKey("REGATTA_WATCH_NAMESPACES"));
    assertEquals("true", env.get("REGATTA_LEADER_ELECTION").path("value").asText());
    assertEquals("metadata.namespace", env.get("REGATTA_LEASE_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText());
    assertEquals("restricted", env.get("REGATTA_POD_POLICY").path("value").asText());
    assertEquals("", env.get("REGATTA_ALLOWED_SERVICE_ACCOUNTS").path("value").asText());
    assertEquals("regatta-operator", pod.path("serviceAccountName").asText());
  }

  @Test
  void kustomizeBuildsTheWholeInstall() throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("kubectl", "kustomize", DEPLOY.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("kubectl is needed to check deploy/kustomization.yaml: install it "
          + "(https://kubernetes.io/docs/tasks/tools/ or `apt-get install -y kubectl` from the Kubernetes apt repository)");
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
    assertEquals(0, p.exitValue(), out);
    List<JsonNode> docs = documents(out);
    List<String> kinds = docs.stream().map(d -> d.path("kind").asText()).sorted().toList();
    assertEquals(List.of("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "Deployment", "Namespace",
        "Role", "RoleBinding", "ServiceAccount"), kinds);
    JsonNode committed = RunFiles.yaml().readTree(Files.readString(RepoPaths.deployedCrd()));
    // kustomize rewrites 1.0 as 1, so numbers are compared by value.
    Comparator<JsonNode> byValue = (a, b) -> a.isNumber() && b.isNumber()
        ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
    assertTrue(committed.equals(byValue, find(docs, "CustomResourceDefinition")),
        "kustomize must install the committed CRD unchanged");
    assertEquals("regatta-system", find(docs, "Namespace").at("/metadata/name").asText());
  }

  @Test
  void helmValuesCoverEveryReferenceInTheTemplates() throws IOException {
    JsonNode values = RunFiles.yaml().readTree(Files.readString(CHART.resolve("values.yaml")));
    for (String key : List.of("image", "resources", "watchNamespaces", "leaderElection", "podPolicy")) {
      assertTrue(values.has(key), "values.yaml sets " + key);
    }
    Pattern ref = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)");
    try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
      for (Path t : templates.toList()) {
        Matcher m = ref.matcher(Files.readString(t));
        while (m.find()) {
          String pointer = "/" + m.group(1).replace('.', '/');
          assertFalse(values.at(pointer).isMissingNode(), t.getFileName() + " uses .Values." + m.group(1)
              + ", which values.yaml does not define");
        }
      }
    }
    JsonNode chart = RunFiles.yaml().readTree(Files.readString(CHART.resolve("Chart.yaml")));
    assertEquals("v2", chart.path("apiVersion").asText());
    JsonNode d = find(documents(Files.readString(DEPLOY.resolve("operator.yaml"))), "Deployment");
    assertTrue(d.at("/spec/template/spec/containers/0/image").asText().endsWith(":" + chart.path("appVersion").asText()),
        "the chart's appVersion is the image tag deploy/ installs");
  }

  @Test
  void dockerfilesRunTheShadedJarsAsNonRoot() throws IOException {
    for (String module : List.of("operator", "runner")) {
      String df = Files.readString(RepoPaths.root().resolve(module + "/Dockerfile"));
      String jar = "regatta-" + module + ".jar";
      assertTrue(df.contains("FROM eclipse-temurin:17-jre"), module);
      assertTrue(df.contains("COPY " + module + "/target/" + jar + " "), module + " copies the jar make build writes");
      assertTrue(df.contains("USER 65532:65532"), module);
      assertTrue(df.contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/regatta/" + jar + "\"]"), module);
    }
  }
}
