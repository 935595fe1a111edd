package dev.regatta.runner.workloads.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.testing.Cli;
import dev.regatta.runner.standin.grpc.InferenceGrpcStandin;
import dev.regatta.runner.testing.GrpcTestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grpc workload against a real grpc-java server on loopback, with reflection on and off. */
class GrpcWorkloadTest {
  private static final String SAY = GrpcTestServer.SERVICE + "/Say";

  @TempDir
  static Path dir;
  static GrpcTestServer reflecting;
  static GrpcTestServer silent;

  @BeforeAll
  static void start() throws Exception {
    reflecting = GrpcTestServer.start(true);
    silent = GrpcTestServer.start(false);
  }

  @AfterAll
  static void stop() throws Exception {
    reflecting.close();
    silent.close();
  }

  private static ScenarioResult result(Path json) throws Exception {
    return ResultJson.read(json).scenarios().get(0);
  }

  @Test
  void closedModelThroughReflectionWithJsonAndMetadata() throws Exception {
    Path json = dir.resolve("closed.json");
    long before = reflecting.calls.get();
    Cli cli = Cli.run("grpc", "--target", reflecting.target(), "--method", SAY, "--data",
        "{\"text\": \"hi\", \"size\": 1000, \"tags\": [\"a\", \"b\"], \"at\": \"2026-01-01T00:00:00Z\"}",
        "-H", "x-tenant: blue", "--connections", "4", "--iterations", "200", "--json", json.toString());
    assertEquals(0, cli.exit(), cli.err());
    assertTrue(cli.out().contains("Client: grpc-java (1 HTTP/2 connection, plaintext)"), cli.out());
    ScenarioResult r = result(json);
    assertEquals(200, r.count());
    assertEquals(0, r.errors(), r.errorsByType().toString());
    // each reply is the 1000-byte payload field: tag, length (2 bytes) and the bytes
    assertEquals(200 * 1003, r.bytes());
    assertEquals(201, reflecting.calls.get() - before, "the 200 measured calls and prepare's one");
    assertEquals("blue", reflecting.lastTenant.get());
  }

  @Test
  void openModelSendsTheScheduleAndAccountsForEverySlot() throws Exception {
    Path json = dir.resolve("open.json");
    Cli cli = Cli.run("grpc", "--target", reflecting.target(), "--method", SAY, "--data", "{\"size\": 10}",
        "--rate", "200", "--duration", "2s", "--connections", "20", "--json", json.toString());
    assertEquals(0, cli.exit(), cli.err());
    ScenarioResult r = result(json);
    assertEquals(400, r.count() + r.dropped());
    assertEquals(0, r.errors(), r.errorsByType().toString());
  }

  @Test
  void withoutReflectionADescriptorSetGivesTheTypes() throws Exception {
    for (boolean base64 : new boolean[] {false, true}) {
      Path set = GrpcTestServer.writeDescriptorSet(dir.resolve("echo" + base64 + ".pb"), base64);
      Path json = dir.resolve("set" + base64 + ".json");
      Cli cli = Cli.run("grpc", "--target", silent.target(), "--method", SAY, "--protoset", set.toString(),
          "--data", "{\"size\": 5}", "--iterations", "50", "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      assertEquals(50, result(json).count());
      assertEquals(50 * 7, result(json).bytes());
    }
  }

  @Test
  void errorsAreCountedByStatusCode() throws Exception {
    Path json = dir.resolve("errors.json");
    // every call fails: the summary has the code, and the run exits 1 (nothing succeeded)
    Cli cli = Cli.run("grpc", "--target", reflecting.target(), "--method", SAY, "--data",
        "{\"fail\": \"RESOURCE_EXHAUSTED\"}", "--iterations", "30", "--json", json.toString());
    assertEquals(1, cli.exit(), cli.err());
    assertEquals(Map.of("grpc_resource_exhausted", 30L), result(json).errorsByType());
    Path late = dir.resolve("deadline.json");
    Cli slow = Cli.run("grpc", "--target", reflecting.target(), "--method", SAY, "--data", "{\"delay_ms\": 300}",
        "--deadline", "50ms", "--iterations", "5", "--json", late.toString());
    assertEquals(1, slow.exit(), slow.err());
    ScenarioResult r = result(late);
    assertEquals(Map.of("grpc_deadline_exceeded", 5L), r.errorsByType());
    assertTrue(r.latencyMicros().getMin() >= 45_000, "a deadline takes its time: " + r.latencyMicros().getMin());
  }

  /**
   * The model server local mode stands in with (the Open Inference Protocol, nested types, a map and a oneof
   * found through reflection), called with the request of examples/inference-server-load.yaml.
   */
  @Test
  void modelInferOfTheInferenceStandinThroughReflection() throws Exception {
    try (InferenceGrpcStandin model = InferenceGrpcStandin.start(java.time.Duration.ZERO)) {
      Path json = dir.resolve("infer.json");
      String method = "inference.GRPCInferenceService/ModelInfer";
      Cli cli = Cli.run("grpc", "--target", model.target(), "--method", method, "--data",
          "{\"model_name\": \"m\", \"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP32\", \"shape\": [2, 4], "
              + "\"contents\": {\"fp32_contents\": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}}], "
              + "\"parameters\": {\"priority\": {\"int64_param\": 1}}}",
          "-H", "x-tenant: blue", "--connections", "4", "--iterations", "100", "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      ScenarioResult r = result(json);
      assertEquals(100, r.count());
      assertEquals(0, r.errors(), r.errorsByType().toString());
      assertEquals(101, model.inferences(), "the 100 measured calls and prepare's one");
      // a request the model refuses (contents short of its shape) is an error of the window, by status code
      Path refused = dir.resolve("refused.json");
      Cli bad = Cli.run("grpc", "--target", model.target(), "--method", method, "--data",
          "{\"model_name\": \"m\", \"inputs\": [{\"name\": \"x\", \"shape\": [2], \"contents\": {\"fp32_contents\": [1]}}]}",
          "--iterations", "10", "--json", refused.toString());
      ScenarioResult e = result(refused);
      assertEquals(10, e.errors(), bad.out() + bad.err());
      assertEquals(Map.of("grpc_invalid_argument", 10L), e.errorsByType());
      assertOneLine(2, "data does not fit inference.ModelInferRequest",
          "grpc", "--target", model.target(), "--method", method, "--data", "{\"inputs\": {\"name\": 3}}",
          "--iterations", "1");
    }
  }

  @Test
  void badInputIsOneLineNamingTheProblem() throws Exception {
    assertOneLine(2, "has no method Shout (it has Say, Watch)",
        "grpc", "--target", reflecting.target(), "--method", GrpcTestServer.SERVICE + "/Shout", "--iterations", "1");
    assertOneLine(2, "service regatta.test.Nope is not on " + reflecting.target(),
        "grpc", "--target", reflecting.target(), "--method", "regatta.test.Nope/Say", "--iterations", "1");
    assertOneLine(2, "data does not fit regatta.test.EchoRequest",
        "grpc", "--target", reflecting.target(), "--method", SAY, "--data", "{\"size\": \"big\"}", "--iterations", "1");
    assertOneLine(2, "data does not fit regatta.test.EchoRequest",
        "grpc", "--target", reflecting.target(), "--method", SAY, "--data", "{\"sise\": 3}", "--iterations", "1");
    assertOneLine(2, silent.target() + " has no server reflection service",
        "grpc", "--target", silent.target(), "--method", SAY, "--iterations", "1");
    assertOneLine(2, "is a streaming method",
        "grpc", "--target", reflecting.target(), "--method", GrpcTestServer.SERVICE + "/Watch", "--iterations", "1");
    assertOneLine(2, "must be package.Service/Method",
        "grpc", "--target", reflecting.target(), "--method", "Say", "--iterations", "1");
    Path junk = dir.resolve("junk.pb");
    java.nio.file.Files.writeString(junk, "not a descriptor set at all!");
    assertOneLine(2, "is not a FileDescriptorSet",
        "grpc", "--target", silent.target(), "--method", SAY, "--protoset", junk.toString(), "--iterations", "1");
    assertOneLine(1, "cannot connect to grpc 127.0.0.1:1: connection refused",
        "grpc", "--target", "127.0.0.1:1", "--method", SAY, "--iterations", "1", "--timeout", "2s");
  }

  static void assertOneLine(int exit, String text, String... args) {
    Cli cli = Cli.run(args);
    assertEquals(exit, cli.exit(), cli.err() + cli.out());
    assertEquals(1, cli.err().trim().lines().count(), cli.err());
    assertTrue(cli.err().contains(text), cli.err());
    assertFalse(cli.err().contains("\tat "), "no stack trace");
  }

  @Test
  void tlsVerifiesTheServerUnlessInsecureIsAsked() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-subj",
        "/CN=regatta-test", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2").redirectErrorStream(true).start();
    String out = new String(gen.getInputStream().readAllBytes());
    assertTrue(gen.waitFor(30, TimeUnit.SECONDS) && gen.exitValue() == 0, "openssl: " + out);
    try (GrpcTestServer tls = GrpcTestServer.tls(cert, key)) {
      Path json = dir.resolve("tls.json");
      Cli trusted = Cli.run("grpc", "--target", tls.target(), "--method", SAY, "--cacert", cert.toString(),
          "--iterations", "20", "--json", json.toString());
      assertEquals(0, trusted.exit(), trusted.err());
      assertTrue(trusted.out().contains("TLS)"), trusted.out());
      assertEquals(20, result(json).count());
      assertOneLine(1, "cannot connect to grpc " + tls.target() + ": TLS handshake failed",
          "grpc", "--target", tls.target(), "--method", SAY, "--tls", "--iterations", "1");
      Cli insecure = Cli.run("grpc", "--target", tls.target(), "--method", SAY, "--insecure", "--iterations", "5");
      assertEquals(0, insecure.exit(), insecure.err());
    }
  }
}
