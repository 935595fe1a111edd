package dev.regatta.runner.workloads.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.regatta.api.v1alpha1.HttpCheck;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.CheckCount;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.PreparedPlan;
import dev.regatta.runner.workload.RunContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * k6 checks on the http workload, on both engine paths (event loops for the closed model, a thread per connection
 * for the open one): every check counted on every response, a failed one an error of type check:NAME, and the
 * bytes each request moved counted on the wire.
 */
class HttpChecksTest {
  HttpServer server;
  final AtomicLong answered = new AtomicLong();
  String url;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/predict", ex -> {
      ex.getRequestBody().readAllBytes();
      long n = answered.incrementAndGet();
      // every fourth answer says ok: false, like a model server that sometimes cannot answer
      byte[] body = ("{\"predictions\": [{\"label\": \"cat\", \"score\": 0.9}], \"ok\": " + (n % 4 != 0) + "}")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/predict";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ScenarioResult run(Load load, long iterations) throws Exception {
    HttpWorkload w = new HttpWorkload();
    w.setUrl(url);
    w.setMethod("POST");
    w.setBody("{\"instances\": [[1, 2]]}");
    w.setExpect(List.of(HttpCheck.status("status-200", 200), HttpCheck.bodyContains("has-predictions", "predictions"),
        HttpCheck.json("ok-true", "ok", "true"), HttpCheck.json("label-dog", "predictions[0].label", "dog")));
    ScenarioPlan plan = new ScenarioPlan("predict", Map.of(), WorkloadKind.HTTP, w, load, Duration.ofSeconds(60),
        iterations, Duration.ZERO, 1);
    try (PreparedPlan p = PreparedPlan.open(plan, RunContext.defaults())) {
      return p.measure(0);
    }
  }

  private static void assertChecks(ScenarioResult r, long n) {
    Map<String, CheckCount> c = r.checks();
    assertEquals(List.of("status-200", "has-predictions", "ok-true", "label-dog"), List.copyOf(c.keySet()));
    assertEquals(new CheckCount(n, 0), c.get("status-200"));
    assertEquals(new CheckCount(n, 0), c.get("has-predictions"));
    assertEquals(n, c.get("ok-true").passes() + c.get("ok-true").fails());
    assertTrue(c.get("ok-true").fails() > 0 && c.get("ok-true").passes() > c.get("ok-true").fails(), c.toString());
    assertEquals(new CheckCount(0, n), c.get("label-dog"), "fails on purpose on every response");
    // one error per response, named by the first check (in declared order) that failed
    assertEquals(n, r.errors());
    long okFails = c.get("ok-true").fails();
    assertEquals(Map.of("check:ok-true", okFails, "check:label-dog", n - okFails), r.errorsByType());
  }

  @Test
  void closedModelOnEventLoopsCountsEveryCheckAndTheBytes() throws Exception {
    ScenarioResult r = run(Load.closed(3), 120L);
    assertEquals(120, r.count(), "iterations, shared by the connections");
    assertChecks(r, 120);
    // each request is the same bytes; each response at least its body
    assertEquals(0, r.bytesSent() % 120, "sent " + r.bytesSent());
    assertTrue(r.bytesSent() / 120 > "{\"instances\": [[1, 2]]}".length() + 50, "request line, headers and body");
    // every response failed a check, so none has payload bytes (those count successes); the wire still carried them
    assertEquals(0, r.bytes());
    assertTrue(r.bytesReceived() > 120 * 80, "status lines, headers and 80-byte bodies: " + r.bytesReceived());
  }

  @Test
  void openModelOnBlockingConnectionsToo() throws Exception {
    Load open = new Load();
    open.setModel(Load.Model.OPEN);
    open.setRate(400.0);
    open.setConnections(4);
    ScenarioResult r = run(open, 80L);
    assertEquals(80, r.count() + r.dropped());
    assertChecks(r, r.count());
    assertTrue(r.bytesSent() > 0 && r.bytesReceived() > r.count() * 80, r.bytesReceived() + " received");
  }

  @Test
  void withoutChecksA4xxIsAnErrorAndWithAStatusCheckItIsWhatWasExpected() throws Exception {
    server.createContext("/missing", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    HttpWorkload w = new HttpWorkload();
    w.setUrl(url.replace("/predict", "/missing"));
    ScenarioPlan plan = new ScenarioPlan("missing", Map.of(), WorkloadKind.HTTP, w, Load.closed(1), null, 10L,
        Duration.ZERO, 1);
    try (PreparedPlan p = PreparedPlan.open(plan, RunContext.defaults())) {
      assertEquals(Map.of("http_4xx", 10L), p.measure(0).errorsByType());
    }
    w.setExpect(List.of(HttpCheck.status("gone", 404)));
    try (PreparedPlan p = PreparedPlan.open(plan, RunContext.defaults())) {
      ScenarioResult r = p.measure(0);
      assertEquals(0, r.errors(), r.errorsByType().toString());
      assertEquals(new CheckCount(10, 0), r.checks().get("gone"));
    }
  }
}
