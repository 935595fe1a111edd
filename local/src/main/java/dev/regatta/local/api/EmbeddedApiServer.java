package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The embedded Kubernetes API of local mode: fabric8's {@link KubernetesCrudDispatcher} (the CRUD mode of
 * the mock server) behind an HTTP server on loopback. We serve it ourselves rather than through
 * {@code KubernetesMockServer} because kubectl watches over chunked HTTP, which the mock web server cannot
 * stream; everything else is the same store, answering as the mock server would, plus {@link ApiRouter}.
 *
 * <p>There is no authentication or authorisation: the token in the kubeconfig is accepted and ignored,
 * and RBAC objects are stored, not enforced. It listens on 127.0.0.1 only.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  public static final String CRD_RESOURCE = "META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml";

  private final Vertx vertx;
  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final ApiRouter router = new ApiRouter(crud);
  private final PodLogHandler podLogs = new PodLogHandler(crud::handleGet);
  private final ExecutorService closer = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "local-api-watch-close");
    t.setDaemon(true);
    return t;
  });
  private final String token = UUID.randomUUID().toString();
  private HttpServer server;
  private int port;

  private EmbeddedApiServer() {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
  }

  /** Starts on 127.0.0.1:port (0 for a free one) with the BenchmarkRun CRD and namespace default. */
  public static EmbeddedApiServer start(int port) {
    EmbeddedApiServer s = new EmbeddedApiServer();
    try {
      s.listen(port);
      try (KubernetesClient client = s.newClient()) {
        client.apiextensions().v1().customResourceDefinitions().resource(loadCrd()).create();
        for (String ns : new String[] {"default", "kube-system"}) {
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
              .withNewStatus().withPhase("Active").endStatus().build()).create();
        }
      }
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  static CustomResourceDefinition loadCrd() {
    try (InputStream in = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the classpath: build the crds module first");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void listen(int wanted) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(wanted)
        .setHandle100ContinueAutomatically(true).setMaxWebSocketFrameSize(16 * 1024 * 1024)
        .setMaxWebSocketMessageSize(64 * 1024 * 1024));
    server.requestHandler(this::handle);
    port = await(server.listen(), "cannot listen on 127.0.0.1:" + wanted).actualPort();
    router.setServerAddress("127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The bearer token written into kubeconfigs and pods (accepted, not checked). */
  public String token() {
    return token;
  }

  /** Where {@code pods/log} reads containers' output: the executor's logs (none: every container is waiting). */
  public void serveLogs(dev.regatta.local.logs.PodLogs logs) {
    podLogs.setLogs(logs);
  }

  /** A client for in-process parts (operator, executor): namespace default, no kubeconfig read. */
  public KubernetesClient newClient() {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withOauthToken(token)
        .withHttp2Disable(true)
        .withRequestTimeout(30_000)
        .build();
    // one HTTP client implementation, chosen, rather than whichever of two the classpath offers first
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build();
  }

  /** Writes a kubeconfig for kubectl: cluster regatta-local, context regatta-local, namespace default. */
  public Path writeKubeconfig(Path file) {
    String yaml = "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: regatta-local\n"
        + "  cluster:\n"
        + "    server: " + url() + "\n"
        + "users:\n"
        + "- name: regatta-local\n"
        + "  user:\n"
        + "    token: " + token + "\n"
        + "contexts:\n"
        + "- name: regatta-local\n"
        + "  context:\n"
        + "    cluster: regatta-local\n"
        + "    user: regatta-local\n"
        + "    namespace: default\n"
        + "current-context: regatta-local\n";
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = Files.createTempFile(parent, ".kubeconfig", ".tmp");
      Files.writeString(tmp, yaml);
      // atomic, so a watcher of PATH never reads half a file
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file + ": " + e.getMessage(), e);
    }
  }

  private void handle(HttpServerRequest req) {
    String cl = req.getHeader("Content-Length");
    boolean hasBody = (cl != null && !cl.isBlank() && Long.parseLong(cl.trim()) > 0) || req.getHeader("Content-Type") != null
        || "chunked".equalsIgnoreCase(req.getHeader("Transfer-Encoding"));
    Future<io.vertx.core.buffer.Buffer> body = hasBody ? req.body() : Future.succeededFuture(null);
    body.onFailure(err -> fail(req.response(), err));
    body.onSuccess(buf -> {
      RecordedRequest rr = new RecordedRequest("HTTP/1.1",
          io.fabric8.mockwebserver.dsl.HttpMethod.fromVertx(req.method()), req.uri(),
          Headers.builder().addAll(req.headers()).build(), new Buffer(buf == null ? new byte[0] : buf.getBytes()));
      ApiPath p = ApiPath.parse(req.uri());
      if (PodLogHandler.isLogRequest(rr.getMethod(), p)) {
        podLogs.serve(req, p); // streams (follow) on its own thread
        return;
      }
      if ("GET".equals(rr.getMethod()) && p.isResource() && p.isWatch() && p.subresource() == null) {
        watch(req, rr, p);
        return;
      }
      vertx.<MockResponse>executeBlocking(() -> router.dispatch(rr), false)
          .onFailure(err -> fail(req.response(), err))
          .onSuccess(r -> write(req.response(), r));
    });
  }

  private static void write(HttpServerResponse res, MockResponse r) {
    res.setStatusCode(r.code());
    r.getHeaders().toMultimap().forEach((k, v) -> res.headers().add(k, v));
    if (r.getBody() != null && r.getBody().size() > 0) {
      res.end(io.vertx.core.buffer.Buffer.buffer(r.getBody().getBytes()));
    } else {
      res.end();
    }
  }

  private static void fail(HttpServerResponse res, Throwable err) {
    if (!res.headWritten()) {
      res.setStatusCode(500).putHeader("Content-Type", "application/json")
          .end(ApiRouter.bodyText(ApiRouter.status(500, "InternalError", String.valueOf(err.getMessage()), null,
              java.util.Optional.empty())));
    }
  }

  /** A watch: WebSocket for fabric8 clients, chunked HTTP for kubectl and client-go. */
  private void watch(HttpServerRequest req, RecordedRequest rr, ApiPath p) {
    FieldSelector fields = FieldSelector.parse(p.query().get("fieldSelector"));
    // the store understands metadata.name only; everything else is filtered on the events
    String storePath = p.withoutParams("fieldSelector");
    String name = p.query().getOrDefault("fieldSelector", "").replaceAll(".*metadata\\.name==?([^,]+).*", "$1");
    if (p.query().getOrDefault("fieldSelector", "").contains("metadata.name=")) {
      storePath = storePath + (storePath.contains("?") ? "&" : "?") + "fieldSelector=metadata.name%3D" + name;
    }
    MockResponse r = crud.handleGet(storePath);
    WebSocketListener listener = r.getWebSocketListener();
    if (listener == null) {
      write(req.response(), r);
      return;
    }
    UnaryOperator<JsonNode> toTable = null;
    if (ApiRouter.wantsTable(rr)) {
      ResourceType type = router.catalog().find(p.group(), p.version(), p.plural()).orElse(null);
      if (type != null) {
        toTable = o -> router.tables().toTable(type, o, p.query().get("includeObject"));
      }
    }
    UnaryOperator<JsonNode> transform = toTable;
    if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      req.toWebSocket().onFailure(err -> fail(req.response(), err)).onSuccess(ws -> webSocketWatch(ws, rr, r, listener,
          fields, transform));
      return;
    }
    HttpServerResponse res = req.response();
    res.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json");
    res.writeHead();
    CompletableFuture<Void> done = new CompletableFuture<>();
    WatchStream stream = new WatchStream(rr, text -> res.write(text + "\n"), () -> {
      if (!res.ended() && !res.closed()) {
        res.end();
      }
      done.complete(null);
    }, fields, transform);
    long timeout = Long.parseLong(p.query().getOrDefault("timeoutSeconds", "1800"));
    long timer = vertx.setTimer(Duration.ofSeconds(Math.max(1, timeout)).toMillis(), id -> closeWatch(listener, stream));
    res.closeHandler(v -> {
      vertx.cancelTimer(timer);
      closeWatch(listener, stream);
    });
    listener.onOpen(stream, r);
  }

  private void webSocketWatch(ServerWebSocket ws, RecordedRequest rr, MockResponse r, WebSocketListener listener,
      FieldSelector fields, UnaryOperator<JsonNode> transform) {
    WatchStream stream = new WatchStream(rr, ws::writeTextMessage, () -> {
      if (!ws.isClosed()) {
        ws.close();
      }
    }, fields, transform);
    ws.frameHandler(frame -> {
      if (frame.isClose()) {
        closeWatch(listener, stream);
      }
      ws.fetch(1);
    });
    ws.endHandler(v -> closeWatch(listener, stream));
    ws.closeHandler(v -> closeWatch(listener, stream));
    ws.exceptionHandler(err -> closeWatch(listener, stream));
    listener.onOpen(stream, r);
    ws.fetch(1);
  }

  /** The store's listener waits for its sender thread on close; never do that on the event loop. */
  private void closeWatch(WebSocketListener listener, WatchStream stream) {
    try {
      closer.execute(() -> listener.onClosed(stream, 1000, "closed"));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the server is closing; its watches go with it
    }
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        await(server.close(), "closing the API server");
      }
    } catch (RuntimeException ignored) {
      // closing anyway
    } finally {
      try {
        await(vertx.close(), "closing Vert.x");
      } catch (RuntimeException ignored) {
        // best effort
      }
      closer.shutdownNow();
      podLogs.close();
    }
  }

  private static <T> T await(Future<T> f, String what) {
    CompletableFuture<T> cf = new CompletableFuture<>();
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        cf.complete(ar.result());
      } else {
        cf.completeExceptionally(ar.cause());
      }
    });
    try {
      return cf.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + ": " + e.getMessage(), e);
    }
  }
}
