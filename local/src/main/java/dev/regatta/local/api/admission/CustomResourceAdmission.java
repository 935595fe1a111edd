package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Writes of custom resources (create, update, patch, and their status subresource) as the API server handles
 * them, in front of the fabric8 CRUD store, which has no validation: the body is decoded (unknown fields are an
 * error under {@code fieldValidation=Strict}, what kubectl sends, and pruned with a Warning header otherwise),
 * patches are applied to the stored object, the result is defaulted and validated against the CRD's schema and
 * CEL rules ({@link CustomResourceValidator}), and only a valid object reaches the store, as a create or a full
 * replace. Refusals are the API server's: 422 Invalid with one cause per field, 400 BadRequest for strict
 * decoding, 413 for a body over 3 MiB.
 *
 * <p>A main-resource write keeps the stored status and a status write keeps everything but the status, as the
 * status subresource does on a cluster. {@code dryRun=All} validates and stores nothing.
 */
public final class CustomResourceAdmission {
  /** The API server's limit on a request body (--max-request-bytes default, 3 MiB). */
  public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  /** The request's target, as the embedded API's router parsed it. */
  public record Target(String path, String group, String version, String namespace, String plural, String name,
      String subresource, Map<String, String> query) {
    boolean isStatus() {
      return "status".equals(subresource);
    }

    /** The object's own path, without a subresource. */
    String objectPath() {
      return isStatus() ? path.substring(0, path.length() - "/status".length()) : path;
    }
  }

  private final KubernetesCrudDispatcher store;
  private final BiFunction<String, String, Optional<JsonNode>> crds;
  private final Map<String, CustomResourceValidator> validators = new ConcurrentHashMap<>();

  /** @param crds (group, plural) → the stored CustomResourceDefinition, if there is one */
  public CustomResourceAdmission(KubernetesCrudDispatcher store, BiFunction<String, String, Optional<JsonNode>> crds) {
    this.store = store;
    this.crds = crds;
  }

  /** True for the writes this class handles: POST, PUT, PATCH of a custom resource or its status. */
  public boolean handles(String method, Target t) {
    return ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)) && t.plural() != null
        && (t.subresource() == null || t.isStatus()) && (t.name() != null || "POST".equals(method))
        && t.group() != null && !t.group().isEmpty() && crds.apply(t.group(), t.plural()).isPresent();
  }

  /**
   * Validates the write and, when it is valid, performs it on the store; the response to send. Writes of custom
   * resources are serialised here, so that reading the stored object, checking the resourceVersion the client sent
   * and replacing the object is one step, as in the API server's storage.
   */
  public synchronized MockResponse write(RecordedRequest request, Target t) {
    JsonNode crd = crds.apply(t.group(), t.plural()).orElseThrow();
    String qualified = t.plural() + "." + t.group();
    CustomResourceValidator validator;
    try {
      validator = validator(crd, t.version());
    } catch (IllegalArgumentException e) {
      return Statuses.notFound(qualified, t, "the server could not find the requested resource");
    }
    String mode = t.query().getOrDefault("fieldValidation", "Warn");
    if (!List.of("Strict", "Warn", "Ignore").contains(mode)) {
      return Statuses.badRequest("fieldValidation parameter unsupported: \"" + mode
          + "\"; valid values are Ignore, Warn and Strict");
    }
    byte[] bytes = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    if (bytes.length > MAX_BODY_BYTES) {
      return Statuses.tooLarge(MAX_BODY_BYTES);
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      return Statuses.badRequest("couldn't get version/kind; json parse error: "
          + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (body == null || (!"PATCH".equals(request.getMethod()) && !body.isObject())) {
      return Statuses.badRequest("the body of the request is not a JSON object");
    }
    boolean statusSubresource = hasStatusSubresource(crd, t.version());
    if (t.isStatus() && !statusSubresource) {
      return Statuses.notFound(qualified, t, "the server could not find the requested resource");
    }
    Prepared p = prepare(request.getMethod(), request.getHeader("Content-Type"), body, t, statusSubresource, qualified);
    if (p.refusal() != null) {
      return p.refusal();
    }
    CustomResourceValidator.Result result = validator.admit(p.object(), p.old());
    if ("Strict".equals(mode) && !result.unknownFields().isEmpty()) {
      return Statuses.badRequest(validator.kind() + " in version \"" + t.version() + "\" cannot be handled as a "
          + validator.kind() + ": strict decoding error: " + String.join(", ",
              result.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList()));
    }
    if (!result.valid()) {
      String name = p.object().path("metadata").path("name").asText(t.name() == null ? "" : t.name());
      return Statuses.invalid(validator.kind(), t.group(), name, result.errors());
    }
    MockResponse response = "All".equals(t.query().get("dryRun"))
        ? new MockResponse().setResponseCode("POST".equals(request.getMethod()) ? 201 : 200)
            .setBody(result.object().toString())
        : store.dispatch(forward(request, "POST".equals(request.getMethod()) ? HttpMethod.POST : HttpMethod.PUT,
            t.path(), result.object()));
    if ("Warn".equals(mode)) {
      result.unknownFields().forEach(f -> response.addHeader("Warning", "299 - \"unknown field \\\"" + f + "\\\"\""));
    }
    return response;
  }

  /** The object to validate and store, the stored one it replaces, or a refusal. */
  private record Prepared(ObjectNode object, JsonNode old, MockResponse refusal) {
    static Prepared refused(MockResponse r) {
      return new Prepared(null, null, r);
    }
  }

  private Prepared prepare(String method, String contentType, JsonNode body, Target t, boolean statusSubresource,
      String qualified) {
    if ("POST".equals(method)) {
      ObjectNode object = (ObjectNode) body.deepCopy();
      MockResponse wrongNamespace = namespaceMismatch(object, t);
      if (wrongNamespace != null) {
        return Prepared.refused(wrongNamespace);
      }
      if (statusSubresource) {
        object.remove("status"); // with a status subresource, a create never sets status
      }
      return new Prepared(object, null, null);
    }
    MockResponse stored = store.handleGet(t.objectPath());
    if (stored.code() == 404 || stored.getBody() == null) {
      return Prepared.refused(Statuses.notFound(qualified, t, null));
    }
    ObjectNode current;
    try {
      current = (ObjectNode) JSON.readTree(stored.getBody().getBytes());
    } catch (IOException | ClassCastException e) {
      return Prepared.refused(Statuses.internal("cannot read the stored object: " + e.getMessage()));
    }
    JsonNode sentVersion = body.path("metadata").get("resourceVersion");
    if (sentVersion != null && !sentVersion.isNull()
        && !sentVersion.asText().equals(current.path("metadata").path("resourceVersion").asText())) {
      return Prepared.refused(Statuses.conflict(qualified, t));
    }
    ObjectNode incoming;
    if ("PATCH".equals(method)) {
      try {
        incoming = (ObjectNode) Patches.apply(contentType, body, current);
      } catch (IllegalArgumentException | ClassCastException e) {
        return Prepared.refused(Statuses.unprocessable("the server rejected our request due to an error in our "
            + "request: " + e.getMessage()));
      }
    } else {
      incoming = (ObjectNode) body.deepCopy();
      MockResponse wrongNamespace = namespaceMismatch(incoming, t);
      if (wrongNamespace != null) {
        return Prepared.refused(wrongNamespace);
      }
    }
    ObjectNode object;
    if (t.isStatus()) {
      // a status write changes the status only (and checks the resourceVersion it was given)
      object = current.deepCopy();
      setOrRemove(object, "status", incoming.get("status"));
    } else {
      // with a status subresource, a main-resource write never changes the status
      object = incoming;
      if (statusSubresource) {
        setOrRemove(object, "status", current.get("status"));
      }
    }
    if (object.path("metadata").isObject()) {
      // checked above; the store's own check then always passes
      ((ObjectNode) object.get("metadata")).set("resourceVersion", current.path("metadata").path("resourceVersion"));
    }
    return new Prepared(object, current, null);
  }

  private static MockResponse namespaceMismatch(ObjectNode object, Target t) {
    String ns = object.path("metadata").path("namespace").asText("");
    if (t.namespace() != null && !ns.isEmpty() && !ns.equals(t.namespace())) {
      return Statuses.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    return null;
  }

  private static void setOrRemove(ObjectNode o, String field, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      o.remove(field);
    } else {
      o.set(field, value.deepCopy());
    }
  }

  private static RecordedRequest forward(RecordedRequest original, HttpMethod method, String path, JsonNode object) {
    var headers = original.getHeaders().newBuilder().set("Content-Type", "application/json").build();
    return new RecordedRequest(original.getHttpVersion(), method, path, headers,
        new Buffer(object.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean hasStatusSubresource(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        return v.path("subresources").has("status");
      }
    }
    return false;
  }

  private CustomResourceValidator validator(JsonNode crd, String version) {
    JsonNode meta = crd.path("metadata");
    String key = meta.path("name").asText() + "/" + meta.path("uid").asText() + "/"
        + meta.path("resourceVersion").asText() + "/" + version;
    return validators.computeIfAbsent(key, k -> CustomResourceValidator.of(crd, version));
  }

  /** Status bodies as the API server writes them. */
  static final class Statuses {
    private Statuses() {}

    static MockResponse invalid(String kind, String group, String name, List<FieldError> errors) {
      List<String> texts = errors.stream().map(FieldError::toString).toList();
      String aggregate = texts.size() == 1 ? texts.get(0) : "[" + String.join(", ", texts) + "]";
      ObjectNode s = status(422, "Invalid", kind + "." + group + " \"" + name + "\" is invalid: " + aggregate);
      ObjectNode d = s.putObject("details");
      d.put("name", name);
      d.put("group", group);
      d.put("kind", kind);
      errors.forEach(e -> d.withArray("causes").add(e.cause()));
      return response(422, s);
    }

    static MockResponse conflict(String qualified, Target t) {
      ObjectNode s = status(409, "Conflict", "Operation cannot be fulfilled on " + qualified + " \"" + t.name()
          + "\": the object has been modified; please apply your changes to the latest version and try again");
      ObjectNode d = s.putObject("details");
      d.put("name", t.name());
      d.put("group", t.group());
      d.put("kind", t.plural());
      return response(409, s);
    }

    static MockResponse badRequest(String message) {
      return response(400, status(400, "BadRequest", message));
    }

    static MockResponse unprocessable(String message) {
      return response(422, status(422, "Invalid", message));
    }

    static MockResponse tooLarge(int limit) {
      return response(413, status(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit));
    }

    static MockResponse internal(String message) {
      return response(500, status(500, "InternalError", message));
    }

    static MockResponse notFound(String qualified, Target t, String message) {
      ObjectNode s = status(404, "NotFound", message != null ? message : qualified + " \"" + t.name() + "\" not found");
      ObjectNode d = s.putObject("details");
      if (t.name() != null) {
        d.put("name", t.name());
      }
      d.put("group", t.group());
      d.put("kind", t.plural());
      return response(404, s);
    }

    private static ObjectNode status(int code, String reason, String message) {
      ObjectNode s = JsonNodeFactory.instance.objectNode();
      s.put("kind", "Status");
      s.put("apiVersion", "v1");
      s.putObject("metadata");
      s.put("status", "Failure");
      s.put("message", message);
      s.put("reason", reason);
      s.put("code", code);
      return s;
    }

    private static MockResponse response(int code, ObjectNode body) {
      return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
          .setBody(body.toString());
    }
  }
}
