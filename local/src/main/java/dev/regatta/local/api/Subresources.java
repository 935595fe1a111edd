package dev.regatta.local.api;

import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Optional;
import java.util.Set;

/**
 * The subresources the embedded API serves, and the API server's answer to any other. The CRUD store reads
 * {@code KIND/NAME/ANYTHING} as a list of every stored object (Secrets' data included) and deletes the
 * object on {@code DELETE KIND/NAME/status}; so only {@code status} (for types that have it: GET, PUT,
 * PATCH) goes to the store, {@code pods/log} is served by {@link PodLogHandler}, and the rest is refused.
 */
final class Subresources {
  private static final Set<String> STATUS_METHODS = Set.of("GET", "PUT", "PATCH");
  private static final Set<String> POD_STREAMS = Set.of("exec", "attach", "portforward", "proxy");

  private Subresources() {}

  /** The refusal for a subresource request, or empty when it may go on. */
  static Optional<MockResponse> refuse(String method, ApiPath p, Optional<ResourceType> type) {
    String sub = p.subresource();
    if (sub == null) {
      return Optional.empty();
    }
    if ("status".equals(sub) && type.isPresent() && type.get().statusSubresource()) {
      return STATUS_METHODS.contains(method) ? Optional.empty()
          : Optional.of(ApiRouter.status(405, "MethodNotAllowed", "the server does not allow this method on the "
              + "requested resource", p, type));
    }
    if (type.isPresent() && "Pod".equals(type.get().kind()) && type.get().group().isEmpty() && POD_STREAMS.contains(sub)) {
      return Optional.of(ApiRouter.status(400, "BadRequest", "pods/" + sub + " is not available in Regatta local mode: "
          + "pods run as local processes; their files and logs are under pods/NAMESPACE/NAME in the work directory",
          p, type));
    }
    return Optional.of(ApiRouter.status(404, "NotFound", "the server could not find the requested resource", p, type));
  }
}
