package dev.regatta.runner.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.regatta.live.LiveAnswer;
import dev.regatta.protocol.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The runner's live endpoint (docs/PROTOCOL.md, "Live intervals"): {@code GET /live/intervals?after=N} answers
 * the intervals after cursor N as JSON. The operator pulls it; the runner never writes to the Kubernetes API per
 * interval. One thread serves it: answers are small and the operator asks once per interval.
 */
public final class LiveServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final IntervalLog log;
  private final long intervalMillis;
  private final String instance = UUID.randomUUID().toString();

  private LiveServer(HttpServer server, ExecutorService executor, IntervalLog log, long intervalMillis) {
    this.server = server;
    this.executor = executor;
    this.log = log;
    this.intervalMillis = intervalMillis;
  }

  /** Serves {@code log} on {@code address}:{@code port} (0: a free port, see {@link #port()}). */
  public static LiveServer start(String address, int port, IntervalLog log, long intervalMillis) throws IOException {
    InetSocketAddress bind = address == null || address.isEmpty() ? new InetSocketAddress(port)
        : new InetSocketAddress(address, port);
    HttpServer server = HttpServer.create(bind, 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "regatta-live-http");
      t.setDaemon(true);
      return t;
    });
    LiveServer live = new LiveServer(server, executor, log, intervalMillis);
    server.createContext(Protocol.LIVE_PATH, live::handle);
    server.setExecutor(executor);
    server.start();
    return live;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "{\"error\":\"GET only\"}");
        return;
      }
      Long after = cursor(ex.getRequestURI().getRawQuery());
      if (after == null) {
        send(ex, 400, "{\"error\":\"after must be a whole number >= 0\"}");
        return;
      }
      LiveAnswer answer = new LiveAnswer(LiveAnswer.VERSION, instance, intervalMillis, log.oldest(), log.latest(),
          log.after(after, LiveAnswer.MAX_PER_ANSWER));
      send(ex, 200, JSON.writeValueAsString(answer));
    }
  }

  /** The {@code after} parameter (0 when absent), or null when it is not a whole number >= 0. */
  static Long cursor(String query) {
    if (query == null || query.isEmpty()) {
      return 0L;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("after=")) {
        try {
          long v = Long.parseLong(part.substring("after=".length()));
          return v < 0 ? null : v;
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return 0L;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
