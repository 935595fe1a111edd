package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.local.api.patch.JsonPatch;
import dev.regatta.local.api.patch.MergePatch;
import dev.regatta.local.api.patch.PatchException;
import dev.regatta.local.api.patch.StrategicMergePatch;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * PATCH as the API server does it: read the object, apply the patch with its type's semantics (JSON patch,
 * JSON merge patch, strategic merge patch for built-in kinds), and write the result back as an update, so
 * that whatever checks updates (resourceVersion, validation) checks patches too. The CRUD store's own
 * PATCH appends merge-patched lists instead of replacing them, so it is not used.
 */
final class PatchHandler {
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch";
  /** Retries when another writer changed the object between our read and our write (the server retries too). */
  private static final int CONFLICT_RETRIES = 5;

  private final Function<String, MockResponse> get;
  private final Function<RecordedRequest, MockResponse> update;
  private final ResourceCatalog catalog;

  /**
   * @param get reads an object by path from the store
   * @param update an update (PUT) through the API's usual path
   */
  PatchHandler(Function<String, MockResponse> get, Function<RecordedRequest, MockResponse> update,
      ResourceCatalog catalog) {
    this.get = get;
    this.update = update;
    this.catalog = catalog;
  }

  MockResponse patch(RecordedRequest request, ApiPath p, Optional<ResourceType> type) {
    String contentType = String.valueOf(request.getHeader("Content-Type")).toLowerCase();
    if (contentType.startsWith(APPLY_PATCH)) {
      return ApiRouter.status(415, "UnsupportedMediaType",
          "server-side apply is not available in Regatta local mode: use kubectl apply without --server-side", p, type);
    }
    if (type.isEmpty() || p.name() == null) {
      return ApiRouter.status(404, "NotFound", "the server could not find the requested resource", p, type);
    }
    if (p.subresource() != null && !"status".equals(p.subresource())) {
      return ApiRouter.status(404, "NotFound", "the server could not find the requested resource", p, type);
    }
    boolean strategic = contentType.startsWith(STRATEGIC_MERGE_PATCH);
    boolean builtIn = catalog.isBuiltIn(type.get());
    if ((strategic && !builtIn) || (!strategic && !contentType.startsWith(MERGE_PATCH)
        && !contentType.startsWith(JSON_PATCH))) {
      return unsupported(type.get(), p, builtIn);
    }
    JsonNode patch = ApiRouter.parse(request.getBody() == null ? ""
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
    if (patch == null) {
      return ApiRouter.status(400, "BadRequest", "the body of the request is not valid JSON", p, type);
    }
    String objectPath = p.path().endsWith("/status") ? p.path().substring(0, p.path().length() - "/status".length())
        : p.path();
    for (int attempt = 0; ; attempt++) {
      MockResponse current = get.apply(objectPath);
      if (current.code() == 404) {
        return ApiRouter.status(404, "NotFound", type.get().qualifiedName() + " \"" + p.name() + "\" not found", p, type);
      }
      JsonNode stored = ApiRouter.parse(ApiRouter.bodyText(current));
      if (current.code() >= 400 || stored == null || !stored.isObject()) {
        return ApiRouter.status(500, "InternalError", "cannot read " + objectPath, p, type);
      }
      JsonNode patched;
      try {
        patched = strategic ? StrategicMergePatch.apply(stored, patch, type.get().kind())
            : contentType.startsWith(JSON_PATCH) ? JsonPatch.apply(stored, patch) : MergePatch.apply(stored, patch);
      } catch (PatchException e) {
        return invalid(e.getMessage(), p, type.get());
      }
      if (!patched.isObject()) {
        return invalid("the patched object is not a JSON object", p, type.get());
      }
      String storedVersion = stored.path("metadata").path("resourceVersion").asText("");
      boolean versionFromPatch = !Objects.equals(storedVersion, patched.path("metadata").path("resourceVersion").asText(""));
      if (p.query().containsKey("dryRun")) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
            .setBody(patched.toString());
      }
      RecordedRequest put = new RecordedRequest(request.getHttpVersion(), io.fabric8.mockwebserver.dsl.HttpMethod.PUT,
          p.path(), request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
          new Buffer(((ObjectNode) patched).toString().getBytes(StandardCharsets.UTF_8)));
      MockResponse written = update.apply(put);
      // a writer between our read and write: read again, unless the patch itself asked for that version
      if (written.code() == 409 && !versionFromPatch && attempt < CONFLICT_RETRIES) {
        continue;
      }
      if (written.code() < 300 && ApiRouter.parse(ApiRouter.bodyText(written)) == null) {
        // the store answers the update that removes the last finalizer of a deleted object with no body;
        // the API server answers with the object, and kubectl reads it
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
            .setBody(patched.toString());
      }
      return written;
    }
  }

  /**
   * 422 Invalid with the reason as a cause, so kubectl prints it ("The configmaps "x" is invalid: patch: ...")
   * rather than only that the object is invalid.
   */
  private static MockResponse invalid(String message, ApiPath p, ResourceType type) {
    MockResponse r = ApiRouter.status(422, "Invalid", type.qualifiedName() + " \"" + p.name() + "\" is invalid: " + message,
        p, Optional.of(type));
    ObjectNode body = (ObjectNode) ApiRouter.parse(ApiRouter.bodyText(r));
    ObjectNode cause = ((ObjectNode) body.path("details")).putArray("causes").addObject();
    cause.put("reason", "FieldValueInvalid");
    cause.put("message", message);
    cause.put("field", "patch");
    return r.setBody(body.toString());
  }

  /** What the API server says, e.g. to a strategic merge patch of a custom resource. */
  private static MockResponse unsupported(ResourceType type, ApiPath p, boolean builtIn) {
    // kubectl puts "<type> is not supported by <group version kind>: " in front
    return ApiRouter.status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
        + "media types include: " + JSON_PATCH + ", " + MERGE_PATCH + (builtIn ? ", " + STRATEGIC_MERGE_PATCH : ""),
        p, Optional.of(type));
  }
}
