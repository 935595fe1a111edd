package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The sink the CRUD store's watch listener writes events to. The store only knows WebSockets (what the
 * fabric8 client uses); kubectl watches over a plain chunked HTTP response. This adapts both, and applies
 * what the store cannot: field selectors on the event object and Table conversion for kubectl get -w.
 */
final class WatchStream implements WebSocket {
  private final RecordedRequest request;
  private final Consumer<String> out;
  private final Runnable onClose;
  private final FieldSelector fields;
  private final UnaryOperator<JsonNode> transform;
  private volatile boolean closed;

  WatchStream(RecordedRequest request, Consumer<String> out, Runnable onClose, FieldSelector fields,
      UnaryOperator<JsonNode> transform) {
    this.request = request;
    this.out = out;
    this.onClose = onClose;
    this.fields = fields;
    this.transform = transform;
  }

  @Override
  public RecordedRequest request() {
    return request;
  }

  @Override
  public boolean send(String text) {
    if (closed) {
      return false;
    }
    if (fields.isEmpty() && transform == null) {
      out.accept(text);
      return true;
    }
    JsonNode event = ApiRouter.parse(text);
    if (event == null) {
      return true;
    }
    JsonNode object = event.path("object");
    if (!fields.matches(object)) {
      return true;
    }
    if (transform != null) {
      ((ObjectNode) event).set("object", transform.apply(object));
    }
    out.accept(event.toString());
    return true;
  }

  @Override
  public boolean send(byte[] bytes) {
    return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public synchronized boolean close(int code, String reason) {
    if (!closed) {
      closed = true;
      onClose.run();
    }
    return true;
  }
}
