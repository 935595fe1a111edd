package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI v3, as kubectl 1.32 reads it:
 * <ul>
 *   <li>{@code kubectl apply} asks /openapi/v3/&lt;gv&gt; whether the PATCH operation of a kind takes the
 *   {@code fieldValidation} query parameter; if so it validates server-side and needs no schema. We say
 *   yes for every type (the CRUD store keeps what it is sent, as with fieldValidation=Ignore), so kubectl
 *   never falls back to downloading the protobuf OpenAPI v2 document.</li>
 *   <li>{@code kubectl explain} reads the schemas under components.schemas, matched by
 *   x-kubernetes-group-version-kind. Custom resources get their CRD's openAPIV3Schema; built-in types
 *   get no schema here (explain reports them as not found).</li>
 * </ul>
 */
final class OpenApi {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private final ResourceCatalog catalog;

  OpenApi(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  /** /openapi/v3: one entry per group version. */
  ObjectNode index() {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode paths = o.putObject("paths");
    for (Map.Entry<String, List<String>> g : catalog.groups().entrySet()) {
      for (String v : g.getValue()) {
        String key = g.getKey().isEmpty() ? "api/" + v : "apis/" + g.getKey() + "/" + v;
        // the hash only has to change when the document does; the CRD set is what changes it here
        paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(g.getKey(), v));
      }
    }
    return o;
  }

  private String hash(String group, String version) {
    return Integer.toHexString(document(group, version).toString().hashCode());
  }

  /** /openapi/v3/api/v1 or /openapi/v3/apis/G/V, or null when not served. */
  ObjectNode document(String group, String version) {
    List<ResourceType> types = catalog.inGroupVersion(group, version);
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode doc = JSON.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes (Regatta local mode)").put("version", Discovery.KUBERNETES_VERSION);
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (ResourceType t : types) {
      String base = t.groupVersionPath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
      ObjectNode patch = paths.putObject(base + "/{name}").putObject("patch");
      patch.put("operationId", "patch" + t.kind());
      // on an operation the extension is one object; on a schema it is a list (as the API server writes them)
      patch.putObject("x-kubernetes-group-version-kind")
          .put("group", t.group()).put("version", t.version()).put("kind", t.kind());
      ArrayNode params = patch.putArray("parameters");
      params.addObject().put("name", "fieldValidation").put("in", "query").putObject("schema").put("type", "string");
      params.addObject().put("name", "fieldManager").put("in", "query").putObject("schema").put("type", "string");
      patch.putObject("responses").putObject("200").put("description", "OK");

      catalog.crd(t.group(), t.plural()).ifPresent(crd -> {
        for (JsonNode v : crd.path("spec").path("versions")) {
          if (v.path("name").asText().equals(t.version()) && v.path("schema").has("openAPIV3Schema")) {
            ObjectNode schema = v.path("schema").path("openAPIV3Schema").deepCopy();
            schema.put("description", schema.path("description").asText(t.kind() + " (" + t.groupVersion() + ")"));
            ObjectNode props = schema.with("properties");
            props.putObject("apiVersion").put("type", "string")
                .put("description", "APIVersion defines the versioned schema of this representation of an object.");
            props.putObject("kind").put("type", "string")
                .put("description", "Kind is a string value representing the REST resource this object represents.");
            if (!props.has("metadata")) {
              props.putObject("metadata").put("type", "object").put("description", "Standard object's metadata.");
            }
            gvk(schema, t);
            schemas.set(schemaName(t), schema);
          }
        }
      });
    }
    return doc;
  }

  private static String schemaName(ResourceType t) {
    String[] parts = t.group().split("\\.");
    StringBuilder sb = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      sb.append(parts[i]).append('.');
    }
    return sb + t.version() + "." + t.kind();
  }

  private static void gvk(ObjectNode node, ResourceType t) {
    node.putArray("x-kubernetes-group-version-kind").addObject()
        .put("group", t.group()).put("version", t.version()).put("kind", t.kind());
  }
}
