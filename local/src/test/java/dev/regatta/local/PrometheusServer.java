package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.local.process.ParentLifeline;
import dev.regatta.runner.standin.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Prometheus server (Debian's {@code prometheus}) on a free loopback port, with its own config and storage in
 * a temporary directory, scraping one target every second with native histograms on (it then asks for the
 * protobuf format). Queried over its HTTP API, as a dashboard would.
 */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final URI api;
  private final Path log;
  private final Path dir;
  private final Path config;
  private final int attempt;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, URI api, Path log, Path dir, Path config, int attempt) {
    this.process = process;
    this.api = api;
    this.log = log;
    this.dir = dir;
    this.config = config;
    this.attempt = attempt;
  }

  static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "prometheus"))) {
        return Path.of(dir, "prometheus").toString();
      }
    }
    return fail("prometheus is not installed: apt-get install -y prometheus (make test does it when run as root)");
  }

  /**
   * Starts it scraping {@code target} (host:port, path /metrics) and returns at once: it gets ready while the caller
   * does something else ({@link #awaitReady}).
   */
  static PrometheusServer launch(Path dir, String target) throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: regatta-operator
            static_configs:
              - targets: ['%s']
        """.formatted(target));
    return launch(dir, config, 1);
  }

  private static PrometheusServer launch(Path dir, Path config, int attempt) throws IOException {
    int port = LoopbackPorts.free();
    Path log = dir.resolve("prometheus-" + attempt + ".log");
    Process p = new ProcessBuilder(ParentLifeline.wrap(List.of(binary(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data-" + attempt), "--web.listen-address=127.0.0.1:" + port,
        "--enable-feature=native-histograms", "--log.level=warn")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PrometheusServer(p, URI.create("http://127.0.0.1:" + port + "/"), log, dir, config, attempt);
  }

  /** Waits until it serves queries; one that exited at start (its port taken meanwhile) is started again. */
  PrometheusServer awaitReady() throws Exception {
    try {
      await("prometheus ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
          .until(() -> !process.isAlive() || ready());
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("prometheus did not become ready: " + log(), e);
    }
    if (process.isAlive()) {
      return this;
    }
    if (attempt == 3) {
      return fail("prometheus exited at start: " + log());
    }
    return launch(dir, config, attempt + 1).awaitReady();
  }

  private boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(api.resolve("-/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** An instant query's {@code data.result} (an array of {metric, value} or {metric, values}). */
  JsonNode query(String promql, Instant at) throws Exception {
    String q = "api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&time=" + (at.toEpochMilli() / 1000.0);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve(q)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("query " + promql + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return body.path("data").path("result");
  }

  @Override
  public void close() {
    try {
      // the lifeline wrapper stops its child (SIGTERM, then SIGKILL) once its standard input closes
      process.getOutputStream().close();
    } catch (IOException e) {
      process.destroy();
    }
    try {
      if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
