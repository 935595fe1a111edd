package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.local.api.admission.CustomResourceAdmission;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the embedded API answers that the fabric8 CRUD store does not: discovery, OpenAPI,
 * Tables, field selectors, patches ({@link PatchHandler}), validation of custom resources on write
 * ({@link CustomResourceAdmission}), and Status bodies for errors. Anything else goes to the CRUD store
 * unchanged.
 */
final class ApiRouter {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final KubernetesCrudDispatcher crud;
  private final ResourceCatalog catalog;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final Tables tables;
  private final PatchHandler patches;
  private final CustomResourceAdmission admission;
  private volatile String serverAddress = "127.0.0.1:0";

  ApiRouter(KubernetesCrudDispatcher crud) {
    this.crud = crud;
    this.catalog = new ResourceCatalog(this::storedCrds);
    this.discovery = new Discovery(catalog);
    this.openApi = new OpenApi(catalog);
    this.tables = new Tables(catalog);
    this.patches = new PatchHandler(crud::handleGet, this::dispatch, catalog);
    this.admission = new CustomResourceAdmission(crud, catalog::crd);
  }

  void setServerAddress(String hostPort) {
    this.serverAddress = hostPort;
  }

  ResourceCatalog catalog() {
    return catalog;
  }

  Tables tables() {
    return tables;
  }

  private List<JsonNode> storedCrds() {
    MockResponse r = crud.handleGet(CRD_PATH);
    List<JsonNode> out = new ArrayList<>();
    JsonNode list = parse(bodyText(r));
    if (list != null) {
      list.path("items").forEach(out::add);
    }
    return out;
  }

  MockResponse dispatch(RecordedRequest request) {
    ApiPath p = ApiPath.parse(request.getPath());
    String method = request.getMethod();
    if ("GET".equals(method)) {
      MockResponse special = special(p);
      if (special != null) {
        return special;
      }
    }
    if (!p.isResource()) {
      return status(404, "NotFound", "the server could not find the requested resource", null, null);
    }
    Optional<ResourceType> type = catalog.find(p.group(), p.version(), p.plural());
    Optional<MockResponse> refused = Subresources.refuse(method, p, type);
    if (refused.isPresent()) {
      return refused.get();
    }
    if ("PATCH".equals(method)) {
      return patches.patch(request, p, type);
    }
    if (ProtobufBody.isProtobuf(request)) {
      try {
        request = ProtobufBody.asJson(request);
      } catch (ProtobufBody.Unreadable e) {
        return e.status(p, type);
      }
    }
    if (("POST".equals(method) || "PUT".equals(method)) && type.isPresent() && "Secret".equals(type.get().kind())) {
      request = stringDataAsData(request);
    }
    FieldSelector fields = FieldSelector.parse(p.query().get("fieldSelector"));
    boolean filter = "GET".equals(method) && p.isList() && !fields.isEmpty();
    RecordedRequest forStore = filter
        ? new RecordedRequest(request.getHttpVersion(), request.method(), p.withoutParams("fieldSelector"),
            request.getHeaders(), request.getBody())
        : request;
    // writes of custom resources are validated against their CRD, as the API server does, before the store sees them
    CustomResourceAdmission.Target target = new CustomResourceAdmission.Target(p.path(), p.group(), p.version(),
        p.namespace(), p.plural(), p.name(), p.subresource(), p.query());
    MockResponse response = admission.handles(method, target) ? admission.write(request, target) : crud.dispatch(forStore);
    if (response == null) {
      return status(405, "MethodNotAllowed", "method " + method + " is not supported", p, type);
    }
    int code = response.code();
    if (code >= 400) {
      return withStatusBody(response, p, type);
    }
    if (!"GET".equals(method)) {
      return json(response);
    }
    JsonNode body = parse(bodyText(response));
    if (body == null) {
      return json(response);
    }
    if (filter && body.has("items")) {
      ArrayNode kept = JSON.createArrayNode();
      body.path("items").forEach(i -> {
        if (fields.matches(i)) {
          kept.add(i);
        }
      });
      ((ObjectNode) body).set("items", kept);
    }
    if (body.isObject() && "List".equals(body.path("kind").asText()) && type.isPresent()) {
      // the store answers every list as kind List; typed clients (kubectl describe's event lookup) need FooList
      ((ObjectNode) body).put("kind", type.get().kind() + "List");
      ((ObjectNode) body).put("apiVersion", type.get().groupVersion());
    }
    if (wantsTable(request) && type.isPresent() && p.subresource() == null) {
      body = tables.toTable(type.get(), body, p.query().get("includeObject"));
    }
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table");
  }

  /** Discovery, OpenAPI, version and health endpoints; null for anything else. */
  private MockResponse special(ApiPath p) {
    String path = p.path();
    switch (path) {
      case "/version":
        return json(200, discovery.version());
      case "/api":
        return json(200, discovery.apiVersions(serverAddress));
      case "/apis":
        return json(200, discovery.apiGroupList());
      case "/api/v1":
        return json(200, discovery.resourceList("", "v1"));
      case "/healthz":
      case "/livez":
      case "/readyz":
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
      case "/openapi/v3":
        return json(200, openApi.index());
      case "/openapi/v2":
        // Only a client that skipped OpenAPI v3 asks for this; 404 makes kubectl say so instead of hanging.
        return status(404, "NotFound", "OpenAPI v2 is not served by Regatta local mode; kubectl uses /openapi/v3",
            null, Optional.empty());
      default:
        break;
    }
    String[] parts = path.split("/");
    if (path.startsWith("/apis/") && parts.length == 3) {
      Map<String, List<String>> groups = catalog.groups();
      List<String> versions = groups.get(parts[2]);
      return versions == null ? notFound() : json(200, discovery.apiGroup(parts[2], versions));
    }
    if (path.startsWith("/apis/") && parts.length == 4) {
      ObjectNode list = discovery.resourceList(parts[2], parts[3]);
      return list == null ? notFound() : json(200, list);
    }
    if (path.startsWith("/openapi/v3/api/") && parts.length == 5) {
      ObjectNode doc = openApi.document("", parts[4]);
      return doc == null ? notFound() : json(200, doc);
    }
    if (path.startsWith("/openapi/v3/apis/") && parts.length == 6) {
      ObjectNode doc = openApi.document(parts[4], parts[5]);
      return doc == null ? notFound() : json(200, doc);
    }
    return null;
  }

  private static MockResponse notFound() {
    return status(404, "NotFound", "the server could not find the requested resource", null, Optional.empty());
  }

  /**
   * A Secret's stringData is write-only on a real API server: it is merged into data (base64) and not stored.
   * Do the same, so that readers of data (the operator reading S3 credentials) see what kubectl applied.
   */
  private static RecordedRequest stringDataAsData(RecordedRequest r) {
    JsonNode secret = parse(r.getBody() == null ? "" : new String(r.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
    if (secret == null || !secret.isObject() || !secret.path("stringData").isObject()) {
      return r;
    }
    ObjectNode data = secret.path("data").isObject() ? (ObjectNode) secret.get("data") : JSON.createObjectNode();
    secret.get("stringData").fields().forEachRemaining(e -> data.put(e.getKey(),
        java.util.Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    ((ObjectNode) secret).set("data", data);
    ((ObjectNode) secret).remove("stringData");
    return new RecordedRequest(r.getHttpVersion(), r.method(), r.getPath(), r.getHeaders(),
        new Buffer(secret.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The CRUD store answers some errors with an empty body; clients print the Status message, so write one. */
  private static MockResponse withStatusBody(MockResponse r, ApiPath p, Optional<ResourceType> type) {
    JsonNode body = parse(bodyText(r));
    if (body != null && "Status".equals(body.path("kind").asText())) {
      return json(r);
    }
    int code = r.code();
    String what = type.map(ResourceType::qualifiedName).orElse(p.plural());
    String reason = switch (code) {
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 400 -> "BadRequest";
      case 422 -> "Invalid";
      default -> "InternalError";
    };
    String message = code == 404 && p.name() != null ? what + " \"" + p.name() + "\" not found"
        : body != null && body.has("message") ? body.path("message").asText() : reason;
    return status(code, reason, message, p, type);
  }

  static MockResponse status(int code, String reason, String message, ApiPath p, Optional<ResourceType> type) {
    ObjectNode s = JSON.createObjectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", message);
    s.put("reason", reason);
    if (p != null && p.isResource()) {
      ObjectNode d = s.putObject("details");
      if (p.name() != null) {
        d.put("name", p.name());
      }
      d.put("group", p.group());
      d.put("kind", p.plural());
    }
    s.put("code", code);
    return json(code, s);
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body.toString());
  }

  private static MockResponse json(MockResponse r) {
    return r.setHeader("Content-Type", "application/json");
  }

  static String bodyText(MockResponse r) {
    return r.getBody() == null ? "" : new String(r.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static JsonNode parse(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      return null;
    }
  }
}
