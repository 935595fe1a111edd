package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The types discovery advertises: the built-in ones the operator, the executor and kubectl use, and
 * every custom resource whose CustomResourceDefinition is stored in the API (read on each call, so a CRD
 * applied with kubectl shows up at once, as on a cluster).
 */
public final class ResourceCatalog {
  private static final List<ResourceType> BUILT_IN = List.of(
      core("pods", "pod", "Pod", true, List.of("po"), List.of("all"), true),
      core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(), false),
      core("secrets", "secret", "Secret", true, List.of(), List.of(), false),
      core("services", "service", "Service", true, List.of("svc"), List.of("all"), true),
      core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), List.of(), false),
      core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of(), false),
      core("events", "event", "Event", true, List.of("ev"), List.of(), false),
      core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(), true),
      core("nodes", "node", "Node", false, List.of("no"), List.of(), true),
      core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), true),
      of("batch", "v1", "jobs", "job", "Job", true, List.of(), List.of("all"), true),
      of("batch", "v1", "cronjobs", "cronjob", "CronJob", true, List.of("cj"), List.of("all"), true),
      of("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), List.of("all"), true),
      of("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts"), List.of("all"), true),
      of("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, List.of("ds"), List.of("all"), true),
      of("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"), List.of("all"), true),
      of("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of(), List.of(), false),
      of("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, List.of(), List.of(), false),
      of("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, List.of(), List.of(), false),
      of("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false,
          List.of(), List.of(), false),
      of("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(), false),
      of("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), false),
      of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds"), List.of("api-extensions"), true));

  private final Supplier<List<JsonNode>> crds;

  /** @param crds the stored CustomResourceDefinitions, as JSON */
  public ResourceCatalog(Supplier<List<JsonNode>> crds) {
    this.crds = crds;
  }

  public List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(BUILT_IN);
    for (JsonNode crd : crds.get()) {
      all.addAll(fromCrd(crd));
    }
    return all;
  }

  /** Group → versions, in discovery order (core first, then groups as listed). */
  public Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType t : all()) {
      List<String> versions = groups.computeIfAbsent(t.group(), g -> new ArrayList<>());
      if (!versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    return groups;
  }

  public List<ResourceType> inGroupVersion(String group, String version) {
    return all().stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    String g = group == null ? "" : group;
    return all().stream()
        .filter(t -> t.group().equals(g) && t.plural().equals(plural) && (version == null || t.version().equals(version)))
        .findFirst();
  }

  /** A type the API server itself defines (strategic merge patch applies to these only), not a CRD's. */
  public boolean isBuiltIn(ResourceType type) {
    return BUILT_IN.contains(type);
  }

  /** The stored CRD that defines group/plural, if any (its printer columns drive Tables). */
  public Optional<JsonNode> crd(String group, String plural) {
    return crds.get().stream()
        .filter(c -> c.path("spec").path("group").asText().equals(group)
            && c.path("spec").path("names").path("plural").asText().equals(plural))
        .findFirst();
  }

  static List<ResourceType> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(true)) {
        continue;
      }
      types.add(new ResourceType(spec.path("group").asText(), v.path("name").asText(), names.path("plural").asText(),
          names.path("singular").asText(names.path("kind").asText().toLowerCase()), names.path("kind").asText(),
          !"Cluster".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
          strings(names.path("categories")), v.path("subresources").has("status")));
    }
    return types;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static ResourceType core(String plural, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, boolean status) {
    return of("", "v1", plural, singular, kind, namespaced, shortNames, categories, status);
  }

  private static ResourceType of(String group, String version, String plural, String singular, String kind,
      boolean namespaced, List<String> shortNames, List<String> categories, boolean status) {
    return new ResourceType(group, version, plural, singular, kind, namespaced, shortNames, categories, status);
  }
}
