package dev.regatta.local.standins;

import dev.regatta.local.process.ParentLifeline;
import dev.regatta.runner.standin.StandinServer;
import dev.regatta.runner.standin.grpc.DescriptorGrpcServer;
import dev.regatta.runner.standin.grpc.InferenceGrpcStandin;
import dev.regatta.runner.standin.grpc.InferenceProtocol;
import dev.regatta.runner.standin.grpc.JsonCalls;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The loopback servers local mode puts behind the in-cluster names a run uses: in-JVM HTTP(S) servers (any GET
 * answers a blob of a fixed size, any other method a small JSON body shaped like a model server's answer),
 * in-JVM gRPC model servers (the Open Inference Protocol's ModelInfer, server reflection on: {@link
 * InferenceGrpcStandin}), s3proxy and KRaft brokers in one child JVM from this JVM's own classpath (the standins module; the runner jar
 * has neither), and a redis-server per Redis address. Every distinct address gets its own server (its own
 * port): two targets of a run, say two server configurations a matrix compares, are never one server whose
 * figures would be added up. {@link #targets()} maps each name as the run writes it (host:port) to its stand-in
 * (127.0.0.1:port); a Kafka bootstrap list names one cluster, so its addresses share one broker.
 */
public final class Standins implements AutoCloseable {
  private final Map<String, String> targets = new LinkedHashMap<>();
  private final Map<String, String> caPem = new LinkedHashMap<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<InferenceGrpcStandin> grpc = new ArrayList<>();
  private Vertx vertx;
  private SelfSignedTls cert;

  private Standins() {}

  /** Starts what the plan needs; nothing when it needs nothing. */
  public static Standins start(TargetPlan plan, String redisServer, long blobSize, Path workDir)
      throws Exception {
    Standins s = new Standins();
    try {
      s.startAll(plan, redisServer, blobSize, workDir);
      return s;
    } catch (Exception e) {
      s.close();
      throw e;
    }
  }

  public Map<String, String> targets() {
    return targets;
  }

  /** secret name → (key → PEM) for the CA bundles of stood-in HTTPS targets. */
  public Map<String, String> caPem() {
    return caPem;
  }

  private void startAll(TargetPlan plan, String redisServer, long blobSize, Path workDir) throws Exception {
    List<Endpoint> http = plan.endpoints().stream().filter(e -> e.kind() == Endpoint.Kind.HTTP).toList();
    if (!http.isEmpty()) {
      vertx = Vertx.vertx();
      byte[] blob = new byte[(int) Math.min(blobSize, 256L * 1024 * 1024)];
      new Random(7).nextBytes(blob);
      Buffer body = Buffer.buffer(blob);
      for (Endpoint e : http) {
        // one listener per address, never shared: two URLs of a matrix are two servers, as on a cluster
        if (e.tls()) {
          SelfSignedTls c = cert(plan);
          targets.put(e.hostPort(), "127.0.0.1:" + listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(
              new PemKeyCertOptions().setCertValue(Buffer.buffer(c.certPem()))
                  .setKeyValue(Buffer.buffer(c.keyPem()))), body));
        } else {
          targets.put(e.hostPort(), "127.0.0.1:" + listen(new HttpServerOptions(), body));
        }
      }
    }
    for (Endpoint e : plan.endpoints()) {
      if (e.kind() == Endpoint.Kind.GRPC && !targets.containsKey(e.hostPort())) {
        // one server per address, like the HTTP stand-ins; answers at once (no service time), as they do
        DescriptorGrpcServer.Builder server = DescriptorGrpcServer.builder();
        if (e.tls()) {
          SelfSignedTls c = cert(plan);
          Files.createDirectories(workDir);
          server.tls(Files.writeString(workDir.resolve("grpc-cert.pem"), c.certPem()),
              Files.writeString(workDir.resolve("grpc-key.pem"), c.keyPem()));
        }
        InferenceGrpcStandin g = InferenceGrpcStandin.serve(server, Duration.ZERO);
        grpc.add(g);
        awaitServing(g, e.tls() ? cert(plan) : null);
        targets.put(e.hostPort(), g.target());
      }
    }
    List<Endpoint> s3 = plan.endpoints().stream().filter(e -> e.kind() == Endpoint.Kind.S3).toList();
    List<List<Endpoint>> kafka = plan.kafkaClusters();
    if (!s3.isEmpty() || !kafka.isEmpty()) {
      Map<String, List<String>> started = startJvmStandins(plan, s3.size(), kafka.size(), blobSize, workDir);
      for (int i = 0; i < s3.size(); i++) {
        targets.put(s3.get(i).hostPort(), started.get("s3").get(i).replaceFirst("^https?://", ""));
      }
      for (int i = 0; i < kafka.size(); i++) {
        for (Endpoint e : kafka.get(i)) {
          targets.putIfAbsent(e.hostPort(), started.get("kafka").get(i));
        }
      }
    }
    for (Endpoint e : plan.endpoints()) {
      if (e.kind() == Endpoint.Kind.REDIS && !targets.containsKey(e.hostPort())) {
        targets.put(e.hostPort(), "127.0.0.1:" + startRedis(redisServer, workDir));
      }
    }
  }

  /**
   * Returns once the stand-in has answered a call (ServerLive) as a runner would make it, over TLS when it has a
   * certificate: its first HTTP/2 connection loads a good part of grpc-java in this JVM, which a runner's first
   * call should not wait for on a busy machine.
   */
  private static void awaitServing(InferenceGrpcStandin g, SelfSignedTls tls) throws Exception {
    ChannelCredentials credentials = tls == null ? InsecureChannelCredentials.create()
        : TlsChannelCredentials.newBuilder().trustManager(
            new ByteArrayInputStream(tls.certPem().getBytes(StandardCharsets.US_ASCII))).build();
    ManagedChannel channel = NettyChannelBuilder.forTarget(g.target(), credentials).build();
    try {
      JsonCalls.call(channel, InferenceProtocol.method("ServerLive"), "{}", new Metadata(), Duration.ofSeconds(60));
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException("gRPC stand-in on " + g.target() + " does not answer: " + e.getStatus(), e);
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The one throwaway certificate of every stood-in TLS target (HTTPS, gRPC with tls), made on first use; the
   * CA Secrets the runs name get it.
   */
  private SelfSignedTls cert(TargetPlan plan) {
    if (cert == null) {
      cert = SelfSignedTls.create(plan.endpoints().stream().filter(Endpoint::tls).map(Endpoint::host).distinct().toList());
      plan.caSecrets().forEach((secret, key) -> caPem.put(secret + "/" + key, cert.certPem()));
    }
    return cert;
  }

  private int listen(HttpServerOptions options, Buffer blob) {
    HttpServer server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0));
    server.requestHandler(req -> {
      if ("GET".equals(req.method().name())) {
        req.response().putHeader("Content-Type", "application/octet-stream").end(blob);
      } else {
        // shaped like a model server's prediction, so that example checks on the body have something to read
        req.body().onComplete(b -> req.response().putHeader("Content-Type", "application/json")
            .end("{\"predictions\":[[0.1,0.9]],\"ok\":true,\"standin\":\"regatta-local\"}"));
      }
    });
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen().onComplete(ar -> {
      if (ar.succeeded()) {
        port.complete(ar.result().actualPort());
      } else {
        port.completeExceptionally(ar.cause());
      }
    });
    try {
      return port.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("HTTP stand-in did not start: " + e.getMessage(), e);
    }
  }

  /** Starts s3 s3proxy instances and kafka brokers; their addresses by kind, in order. */
  private Map<String, List<String>> startJvmStandins(TargetPlan plan, int s3, int kafka,
      long blobSize, Path workDir) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), StandinServer.class.getName()));
    if (s3 > 0) {
      cmd.add("--s3");
      cmd.add(String.valueOf(s3));
      plan.buckets().forEach(b -> {
        cmd.add("--bucket");
        cmd.add(b);
      });
      plan.objects().keySet().forEach(o -> {
        cmd.add("--object");
        cmd.add(o + "=" + blobSize);
      });
    }
    if (kafka > 0) {
      cmd.add("--kafka");
      cmd.add(String.valueOf(kafka));
    }
    Files.createDirectories(workDir);
    Process p = new ProcessBuilder(cmd).redirectError(workDir.resolve("standins.log").toFile()).start();
    processes.add(p);
    Map<String, List<String>> out = new LinkedHashMap<>();
    CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.equals("ready")) {
            return;
          }
          int sp = line.indexOf(' ');
          if (sp > 0) {
            out.computeIfAbsent(line.substring(0, sp), k -> new ArrayList<>()).add(line.substring(sp + 1));
          }
        }
        throw new IllegalStateException("stand-ins exited before they were ready; see " + workDir.resolve("standins.log"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      ready.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
    return out;
  }

  private int startRedis(String redisServer, Path workDir) throws Exception {
    int port;
    try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    Files.createDirectories(workDir);
    // under the lifeline wrapper, so that it dies with local mode even on SIGKILL (the stand-in JVM below
    // watches its own stdin)
    Process p = new ProcessBuilder(ParentLifeline.wrap(List.of(redisServer, "--bind", "127.0.0.1", "--port",
        String.valueOf(port), "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", workDir.toString())))
        .redirectErrorStream(true).redirectOutput(workDir.resolve("redis-" + port + ".log").toFile()).start();
    processes.add(p);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return port;
      } catch (IOException e) {
        if (!p.isAlive()) {
          throw new IllegalStateException("redis-server exited with code " + p.exitValue());
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("redis-server did not listen on 127.0.0.1:" + port + " within 10s");
  }

  @Override
  public void close() {
    for (Process p : processes) {
      try {
        p.getOutputStream().close(); // the JVM stand-ins exit when stdin closes
      } catch (IOException ignored) {
        // destroying below anyway
      }
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (InferenceGrpcStandin g : grpc) {
      g.close();
    }
    if (vertx != null) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      vertx.close().onComplete(ar -> done.complete(null));
      try {
        done.get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // best effort
      }
    }
  }
}
