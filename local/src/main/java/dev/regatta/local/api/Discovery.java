package dev.regatta.local.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * The legacy (unaggregated) discovery documents: /api, /apis, /api/v1, /apis/G/V and /version.
 * kubectl asks for aggregated discovery first; answering plain application/json makes it fall back to
 * these, which is what it does against any older API server.
 */
final class Discovery {
  static final String KUBERNETES_VERSION = "v1.32.0";
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final ResourceCatalog catalog;

  Discovery(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  ObjectNode version() {
    ObjectNode v = JSON.createObjectNode();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", KUBERNETES_VERSION + "+regatta-local");
    v.put("gitCommit", "regatta-local");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-01-01T00:00:00Z");
    v.put("goVersion", "n/a (fabric8 mock server, CRUD mode)");
    v.put("compiler", "n/a");
    v.put("platform", "linux/amd64");
    return v;
  }

  ObjectNode apiVersions(String serverAddress) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    ObjectNode cidr = o.putArray("serverAddressByClientCIDRs").addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return o;
  }

  ObjectNode apiGroupList() {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", "APIGroupList");
    o.put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    for (Map.Entry<String, List<String>> g : catalog.groups().entrySet()) {
      if (g.getKey().isEmpty()) {
        continue;
      }
      groups.add(apiGroup(g.getKey(), g.getValue()));
    }
    return o;
  }

  ObjectNode apiGroup(String group, List<String> versions) {
    ObjectNode grp = JSON.createObjectNode();
    grp.put("kind", "APIGroup");
    grp.put("apiVersion", "v1");
    grp.put("name", group);
    ArrayNode vs = grp.putArray("versions");
    for (String v : versions) {
      vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
    }
    grp.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
    return grp;
  }

  /** The APIResourceList of one group version, or null when the API does not serve it. */
  ObjectNode resourceList(String group, String version) {
    List<ResourceType> types = catalog.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = o.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r = resources.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      VERBS.forEach(r.putArray("verbs")::add);
      if (!t.shortNames().isEmpty()) {
        t.shortNames().forEach(r.putArray("shortNames")::add);
      }
      if (!t.categories().isEmpty()) {
        t.categories().forEach(r.putArray("categories")::add);
      }
      if (t.statusSubresource()) {
        ObjectNode s = resources.addObject();
        s.put("name", t.plural() + "/status");
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        List.of("get", "patch", "update").forEach(s.putArray("verbs")::add);
      }
    }
    return o;
  }
}
