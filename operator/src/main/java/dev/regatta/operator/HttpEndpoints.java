package dev.regatta.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import dev.regatta.operator.metrics.Exposition;

/** /metrics (Prometheus text or protobuf, as asked), /healthz (liveness) and /readyz (readiness), on the JDK's own HTTP server. */
public final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;

  /** @param metrics answers /metrics in the format its Accept header asks for ({@link Exposition}) */
  public HttpEndpoints(int port, Exposition.Source metrics, BooleanSupplier live, BooleanSupplier ready)
      throws IOException {
    this(new InetSocketAddress(port), metrics, live, ready);
  }

  /** On one address only (local mode and tests: the loopback interface). */
  public HttpEndpoints(InetSocketAddress address, Exposition.Source metrics, BooleanSupplier live,
      BooleanSupplier ready) throws IOException {
    server = HttpServer.create(address, 0);
    server.createContext("/metrics", ex -> {
      Exposition.Body body = metrics.scrape(ex.getRequestHeaders().getFirst("Accept"));
      respond(ex, 200, body.contentType(), body.bytes());
    });
    server.createContext("/healthz", ex -> respond(ex, live.getAsBoolean() ? 200 : 503, "text/plain",
        live.getAsBoolean() ? "ok\n" : "unhealthy\n"));
    server.createContext("/readyz", ex -> respond(ex, ready.getAsBoolean() ? 200 : 503, "text/plain",
        ready.getAsBoolean() ? "ready\n" : "not ready\n"));
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-endpoints");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
    respond(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange ex, int code, String type, byte[] bytes) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
