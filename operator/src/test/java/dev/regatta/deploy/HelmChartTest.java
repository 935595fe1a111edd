package dev.regatta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.regatta.api.RunFiles;
import dev.regatta.operator.policy.PodPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart as Helm renders it (the real template engine, in-process): it grants what deploy/rbac.yaml
 * grants (which RbacAuditTest replays the operator's requests against), cluster-wide or, with watchNamespaces,
 * only in those namespaces; and it passes the pod policy to the operator the way the operator reads it.
 */
class HelmChartTest {
  private static final Path CHART = Path.of("..", "deploy", "helm", "regatta");

  static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws Exception {
    String out = values.apply(new Helm(CHART).template().withName("regatta").withNamespace("regatta-system")).call();
    return documents(out);
  }

  static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode() && d.size() > 0) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static List<JsonNode> kind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  private static JsonNode one(List<JsonNode> docs, String kind, String name) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())
        && name.equals(d.at("/metadata/name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + docs.stream()
            .map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText()).toList()));
  }

  private static Map<String, JsonNode> env(List<JsonNode> docs) {
    Map<String, JsonNode> env = new TreeMap<>();
    one(docs, "Deployment", "regatta-operator").at("/spec/template/spec/containers/0/env")
        .forEach(e -> env.put(e.get("name").asText(), e));
    return env;
  }

  @Test
  void byDefaultTheChartInstallsWhatDeployRbacYamlInstalls() throws Exception {
    List<JsonNode> plain = documents(Files.readString(Path.of("..", "deploy", "rbac.yaml")));
    List<JsonNode> chart = render(t -> t);
    assertEquals(one(plain, "ClusterRole", "regatta-operator").get("rules"),
        one(chart, "ClusterRole", "regatta-operator").get("rules"));
    assertEquals(one(plain, "Role", "regatta-operator-leader-election").get("rules"),
        one(chart, "Role", "regatta-operator-leader-election").get("rules"));
    assertEquals("regatta-system", one(chart, "Role", "regatta-operator-leader-election").at("/metadata/namespace")
        .asText(), "the Lease's Role is in the release namespace only");
    JsonNode binding = one(chart, "ClusterRoleBinding", "regatta-operator");
    assertEquals("regatta-operator", binding.at("/subjects/0/name").asText());
    assertEquals("regatta-system", binding.at("/subjects/0/namespace").asText());
    assertEquals(1, kind(chart, "Role").size(), "no namespaced run Roles when every namespace is watched");

    Map<String, JsonNode> env = env(chart);
    assertEquals("restricted", env.get(PodPolicy.ENV_LEVEL).path("value").asText());
    assertEquals("", env.get(PodPolicy.ENV_SERVICE_ACCOUNTS).path("value").asText());
    assertEquals("any", env.get(PodPolicy.ENV_SECRETS).path("value").asText());
    Map<String, String> plainEnv = new TreeMap<>();
    documents(Files.readString(Path.of("..", "deploy", "operator.yaml"))).get(0)
        .at("/spec/template/spec/containers/0/env").forEach(e -> plainEnv.put(e.get("name").asText(),
            e.path("value").asText()));
    assertEquals("restricted", plainEnv.get(PodPolicy.ENV_LEVEL), "kustomize installs the same default");
    assertEquals("", plainEnv.get(PodPolicy.ENV_SERVICE_ACCOUNTS));
    assertEquals("any", plainEnv.get(PodPolicy.ENV_SECRETS));
  }

  @Test
  void withWatchNamespacesTheOperatorGetsRolesThereAndNothingClusterWide() throws Exception {
    List<JsonNode> chart = render(t -> t.set("watchNamespaces[0]", "bench").set("watchNamespaces[1]", "perf"));
    assertEquals(List.of(), kind(chart, "ClusterRole"));
    assertEquals(List.of(), kind(chart, "ClusterRoleBinding"));
    JsonNode clusterRules = one(documents(Files.readString(Path.of("..", "deploy", "rbac.yaml"))), "ClusterRole",
        "regatta-operator").get("rules");
    List<String> namespaces = new ArrayList<>();
    for (JsonNode role : kind(chart, "Role")) {
      if (role.at("/metadata/name").asText().endsWith("-leader-election")) {
        continue;
      }
      String ns = role.at("/metadata/namespace").asText();
      namespaces.add(ns);
      assertEquals(clusterRules, role.get("rules"), "the Role in " + ns + " grants what the ClusterRole would");
      JsonNode binding = kind(chart, "RoleBinding").stream()
          .filter(b -> ns.equals(b.at("/metadata/namespace").asText())).findFirst().orElseThrow();
      assertEquals("Role", binding.at("/roleRef/kind").asText());
      assertEquals(role.at("/metadata/name"), binding.at("/roleRef/name"));
      assertEquals("regatta-operator", binding.at("/subjects/0/name").asText());
      assertEquals("regatta-system", binding.at("/subjects/0/namespace").asText());
    }
    assertEquals(List.of("bench", "perf"), namespaces);
    assertEquals("bench,perf", env(chart).get("REGATTA_WATCH_NAMESPACES").path("value").asText());
  }

  @Test
  void thePodPolicyValuesReachTheOperatorAsItReadsThem() throws Exception {
    List<JsonNode> chart = render(t -> t.set("podPolicy.level", "baseline")
        .set("podPolicy.allowedServiceAccounts[0]", "bench-reader").set("podPolicy.allowedServiceAccounts[1]", "s3-io")
        .set("podPolicy.secrets", "labelled"));
    Map<String, String> env = new TreeMap<>();
    env(chart).forEach((k, v) -> env.put(k, v.path("value").asText()));
    PodPolicy policy = PodPolicy.fromEnvironment(env);
    assertEquals("baseline pods, service accounts: the per-run account or [bench-reader, s3-io], Secrets labelled "
        + "regatta.dev/usable-by-runs=true only", policy.describe());

    Exception e = assertThrows(Exception.class, () -> render(t -> t.set("podPolicy.level", "strict")));
    assertTrue(e.getMessage().contains("podPolicy") || e.getMessage().contains("level"), e.getMessage());
    assertThrows(Exception.class, () -> render(t -> t.set("podPolicy.allowedServicAccounts[0]", "typo")),
        "a misspelt policy key is an error, not a silent default");
  }
}
