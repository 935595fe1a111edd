package dev.regatta.runner.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.Histograms;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.standin.HttpStandin;
import dev.regatta.runner.testing.Cli;
import dev.regatta.runner.testing.NginxProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpEndToEndTest {
  @Test
  void closedModelAgainstNginx(@TempDir Path dir) throws Exception {
    try (NginxProcess nginx = NginxProcess.start(4096)) {
      Path json = dir.resolve("h.json");
      Cli cli = Cli.run("http", "--url", nginx.url(), "--connections", "8", "--duration", "1s", "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      ScenarioResult r = ResultJson.read(json).scenarios().get(0);
      assertTrue(r.count() > 100, "requests in 1s: " + r.count());
      assertEquals(0, r.errors(), r.errorsByType().toString());
      assertEquals(r.count() * 4096, r.bytes(), "every response body is the 4 KiB file");
      assertEquals(r.count(), Histograms.decode(r.histogram()).getTotalCount());
    }
  }

  @Test
  void readSizeSweepAndPostAgainstTheStandin(@TempDir Path dir) throws Exception {
    try (HttpStandin target = HttpStandin.start(100_000)) {
      Path json = dir.resolve("h.json");
      Cli cli = Cli.run("http", "--url", target.url(), "-X", "POST", "--body-size", "1000", "-H", "X-Test: 1",
          "--connections", "2", "--iterations", "50", "--matrix", "bufferSize=2^10..2^12", "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      ResultDocument doc = ResultJson.read(json);
      assertEquals(3, doc.scenarios().size());
      for (int i = 0; i < 3; i++) {
        ScenarioResult r = doc.scenarios().get(i);
        assertEquals(Map.of("bufferSize", String.valueOf(1024 << i)), r.params());
        assertEquals(50, r.count());
        assertEquals(50 * 100_000L, r.bytes());
      }
    }
  }

  @Test
  void chunkedResponsesAreReadWholeOnBothPaths(@TempDir Path dir) throws Exception {
    // The JDK's HttpServer answers with Transfer-Encoding: chunked when the length is not given up front.
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new byte[70_000];
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, 0);
      try (var out = ex.getResponseBody()) {
        for (int i = 0; i < body.length; i += 7000) {
          out.write(body, i, 7000);
          out.flush();
        }
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      // closed model: event loop; open model: blocking connections
      for (String[] load : new String[][] {{"--connections", "2"}, {"--rate", "100", "--connections", "2"}}) {
        Path json = dir.resolve("c" + load.length + ".json");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("http", "--url", url,
            "--buffer-size", "1000", "--iterations", "30", "--json", json.toString()));
        args.addAll(java.util.List.of(load));
        Cli cli = Cli.run(args.toArray(new String[0]));
        assertEquals(0, cli.exit(), cli.err());
        ScenarioResult r = ResultJson.read(json).scenarios().get(0);
        assertEquals(30, r.count());
        assertEquals(0, r.errors(), r.errorsByType().toString());
        assertEquals(30L * body.length, r.bytes());
      }
    } finally {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  @Test
  void aFixedDelayShowsInThePercentiles(@TempDir Path dir) throws Exception {
    try (HttpStandin target = HttpStandin.withDelay(100, Duration.ofMillis(20))) {
      Path json = dir.resolve("d.json");
      Cli cli = Cli.run("http", "--url", target.url(), "--connections", "4", "--duration", "1s", "--json",
          json.toString());
      assertEquals(0, cli.exit(), cli.err());
      ScenarioResult r = ResultJson.read(json).scenarios().get(0);
      long p50 = r.latencyMicros().getP50();
      long p99 = r.latencyMicros().getP99();
      assertTrue(p50 >= 20_000, "p50 " + p50 + "us must include the 20 ms delay");
      assertTrue(p50 < 35_000, "p50 " + p50 + "us should be close to 20 ms");
      assertTrue(p99 >= 20_000 && p99 < 120_000, "p99 " + p99 + "us: the delay, not wildly more (loaded machine)");
      // 4 connections, each at most one response per 20 ms
      assertTrue(r.throughputPerSecond() <= 4 * 50 + 1, "throughput " + r.throughputPerSecond());
    }
  }

  @Test
  void errorStatusesAreCountedByClassAndTheRunGoesOn(@TempDir Path dir) throws Exception {
    try (HttpStandin target = HttpStandin.start(10)) {
      Path json = dir.resolve("e.json");
      Cli cli = Cli.run("http", "--url", target.url() + "status/503", "--connections", "2", "--iterations", "40",
          "--json", json.toString());
      // every request failed: the window ran to its end and the document is written, and the exit code says so
      assertEquals(1, cli.exit(), cli.err());
      assertTrue(cli.err().contains("no operation succeeded in http: 40 of 40 operations failed"), cli.err());
      ScenarioResult r = ResultJson.read(json).scenarios().get(0);
      assertEquals(40, r.count());
      assertEquals(40, r.errors());
      assertEquals(Map.of("http_5xx", 40L), r.errorsByType());
      assertTrue(cli.out().contains("http_5xx 40"), cli.out());
    }
  }
}
