package dev.regatta.local;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code regatta-operator local --serve} in a child JVM, as a user starts it, with kubectl and plain HTTP
 * pointed at it. A child process rather than an in-process cluster because what these tests feed it may stop the
 * operator, and an operator that stops calls System.exit: that must end local mode, not the test JVM.
 */
final class LocalServe implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final Process process;
  private final Path kubeconfig;
  private final String url;
  private final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The outcome of a kubectl command: exit code and combined output. */
  record Result(int code, String out) {}

  /** The answer of an HTTP request to the API. */
  record Answer(int code, JsonNode body) {}

  private LocalServe(Path dir, Process process, Path kubeconfig, String url, String token) {
    this.dir = dir;
    this.process = process;
    this.kubeconfig = kubeconfig;
    this.url = url;
    this.token = token;
  }

  /**
   * Starts local mode serving, with extra arguments (e.g. --zones), and waits until its kubeconfig is written.
   * -Dregatta.test.verbose=true passes -v (the operator's and executor's INFO log).
   */
  static LocalServe start(Path dir, String... extra) throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "dev.regatta.local.LocalCommand", "--serve", "--kubeconfig",
        kubeconfig.toString(), "--work-dir", dir.resolve("work").toString(), "--runner-jar", Repo.runnerJar().toString(),
        "--redis-server", Repo.redisServer()));
    cmd.addAll(List.of(extra));
    if (Boolean.getBoolean("regatta.test.verbose")) {
      cmd.add("-v");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("local.log").toFile()).start();
    try {
      await("local --serve writes its kubeconfig (log: " + dir.resolve("local.log") + ")").atMost(Duration.ofSeconds(180))
          .ignoreExceptionsInstanceOf(RuntimeException.class).until(() -> {
            if (!p.isAlive()) {
              throw new AssertionError("local mode exited: " + read(dir.resolve("local.log")));
            }
            return Files.exists(kubeconfig);
          });
      String config = Files.readString(kubeconfig);
      return new LocalServe(dir, p, kubeconfig, find(config, "server: (\\S+)"), find(config, "token: (\\S+)"));
    } catch (RuntimeException | Error e) {
      kill(p);
      throw e;
    }
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + regex + " in kubeconfig");
    }
    return m.group(1);
  }

  /** The operator's /metrics URL local mode printed (started with --metrics-port). */
  String metricsUrl() {
    return await("local mode prints its metrics URL").atMost(Duration.ofSeconds(60)).until(() -> {
      Matcher m = Pattern.compile("operator metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)").matcher(log());
      return m.find() ? m.group(1) : null;
    }, java.util.Objects::nonNull);
  }

  /** A plain GET, its status and body. */
  Result get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Result(r.statusCode(), r.body());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** local mode's own output so far, for failure messages (its tail when long). */
  String log() {
    String s = read(dir.resolve("local.log"));
    return s.length() > 8000 ? "..." + s.substring(s.length() - 8000) : s;
  }

  Result kubectl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Repo.kubectl(), "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        dir.resolve("kube-cache").toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An HTTP request to the API (path and query), with a JSON body or none. */
  Answer request(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      try {
        body = r.body().isBlank() ? null : JSON.readTree(r.body());
      } catch (IOException notJson) {
        body = JSON.getNodeFactory().textNode(r.body());
      }
      return new Answer(r.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The stored BenchmarkRun in namespace default; null when there is none, or local mode has stopped. */
  JsonNode run(String name) {
    try {
      Answer a = request("GET", "/apis/regatta.dev/v1alpha1/namespaces/default/benchmarkruns/" + name, null);
      return a.code() == 200 ? a.body() : null;
    } catch (UncheckedIOException e) {
      if (isAlive()) {
        throw e;
      }
      return null;
    }
  }

  /** Every stored BenchmarkRun in namespace default by name (one request); empty when local mode has stopped. */
  java.util.Map<String, JsonNode> runs() {
    java.util.Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    try {
      Answer a = request("GET", "/apis/regatta.dev/v1alpha1/namespaces/default/benchmarkruns", null);
      if (a.code() == 200) {
        a.body().path("items").forEach(r -> out.put(r.at("/metadata/name").asText(), r));
      }
    } catch (UncheckedIOException e) {
      if (isAlive()) {
        throw e;
      }
    }
    return out;
  }

  /** CPU time local mode and its children have used so far (where the platform says). */
  Duration cpu() {
    Duration total = process.info().totalCpuDuration().orElse(Duration.ZERO);
    for (ProcessHandle h : process.descendants().toList()) {
      total = total.plus(h.info().totalCpuDuration().orElse(Duration.ZERO));
    }
    return total;
  }

  /** Deletes a run (its Jobs and pods follow, as owned objects); nothing when local mode has stopped. */
  void deleteRun(String name) {
    try {
      request("DELETE", "/apis/regatta.dev/v1alpha1/namespaces/default/benchmarkruns/" + name, null);
    } catch (UncheckedIOException e) {
      if (isAlive()) {
        throw e;
      }
    }
  }

  /** Waits for a run to reach phase Succeeded; fails with its status and local mode's log otherwise. */
  void awaitSucceeded(String name, Duration timeout) {
    await(name + " Succeeded").atMost(timeout).ignoreExceptionsInstanceOf(RuntimeException.class).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("local mode exited while " + name + " ran: " + log());
      }
      JsonNode r = run(name);
      String phase = r == null ? "" : r.at("/status/phase").asText();
      if (phase.equals("Failed")) {
        throw new AssertionError(name + " Failed: " + r.path("status"));
      }
      return phase.equals("Succeeded");
    });
  }

  /** Stops local mode; with -Dregatta.test.logs=DIR its log is kept there (the temporary directory goes). */
  @Override
  public void close() {
    kill(process);
    String keep = System.getProperty("regatta.test.logs");
    if (keep != null) {
      try {
        Files.createDirectories(Path.of(keep));
        Files.copy(dir.resolve("local.log"), Path.of(keep, "local-" + ProcessHandle.current().pid() + "-"
            + System.nanoTime() + ".log"));
      } catch (IOException e) {
        System.err.println("could not keep local mode's log: " + e);
      }
    }
  }

  private static void kill(Process p) {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    p.destroy(); // SIGTERM: local mode stops its children itself
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    all.forEach(ProcessHandle::destroyForcibly);
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
