package dev.regatta.local.api.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import dev.regatta.local.api.EmbeddedApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded API refuses invalid BenchmarkRuns over HTTP with the API server's answers (Status bodies, codes,
 * Warning headers) on create, replace, merge and JSON patches and status writes, and stores only what is valid.
 */
class EmbeddedApiAdmissionTest {
  private static final String RUNS = "/apis/regatta.dev/v1alpha1/namespaces/default/benchmarkruns";
  private static EmbeddedApiServer api;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private record Answer(int code, JsonNode body, List<String> warnings) {}

  private static Answer send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url() + path))
        .header("Authorization", "Bearer " + api.token());
    if (body != null) {
      b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
    return new Answer(r.statusCode(), json, new ArrayList<>(r.headers().allValues("Warning")));
  }

  private static String run(String name, String specYaml) throws Exception {
    return RunFiles.yaml().readTree("{apiVersion: regatta.dev/v1alpha1, kind: BenchmarkRun, metadata: {name: " + name
        + "}, spec: " + specYaml + "}").toString();
  }

  private static final String VALID = "{placements: [{name: eu, pods: 1}], scenarios: [{name: get, redis: {op: get}}]}";

  private static List<String> fields(Answer a) {
    List<String> out = new ArrayList<>();
    a.body().path("details").path("causes").forEach(c -> out.add(c.path("field").asText()));
    return out;
  }

  @Test
  void anInvalidRunIsRefusedWith422NamingEachField() throws Exception {
    Answer a = send("POST", RUNS + "?fieldValidation=Strict", "application/json",
        run("bad", "{placements: [{name: eu, pods: 0}], scenarios: [{name: get, redis: {op: delete}}]}"));
    assertEquals(422, a.code(), a.body().toString());
    assertEquals("Status", a.body().path("kind").asText());
    assertEquals("Invalid", a.body().path("reason").asText());
    assertEquals("BenchmarkRun", a.body().at("/details/kind").asText());
    assertEquals("regatta.dev", a.body().at("/details/group").asText());
    assertEquals("bad", a.body().at("/details/name").asText());
    assertEquals(List.of("spec.placements[0].pods", "spec.scenarios[0].redis.op", "<nil>"), fields(a));
    assertTrue(a.body().path("message").asText().startsWith("BenchmarkRun.regatta.dev \"bad\" is invalid: ["
        + "spec.placements[0].pods: Invalid value: 0: spec.placements[0].pods in body should be greater than or equal to 1, "
        + "spec.scenarios[0].redis.op: Unsupported value: \"delete\": supported values: "), a.body().toString());
    assertEquals(404, send("GET", RUNS + "/bad", null, null).code(), "nothing stored");
  }

  @Test
  void unknownFieldsAreRefusedUnderStrictAndPrunedWithAWarningOtherwise() throws Exception {
    String typo = run("typo", "{placements: [{name: eu, pods: 1}], defaults: {warmpu: 2s},"
        + " scenarios: [{name: get, redis: {op: get}}]}");
    Answer strict = send("POST", RUNS + "?fieldValidation=Strict", "application/json", typo);
    assertEquals(400, strict.code());
    assertEquals("BadRequest", strict.body().path("reason").asText());
    assertEquals("BenchmarkRun in version \"v1alpha1\" cannot be handled as a BenchmarkRun: strict decoding error: "
        + "unknown field \"spec.defaults.warmpu\"", strict.body().path("message").asText());

    Answer warn = send("POST", RUNS, "application/json", typo);
    assertTrue(warn.code() < 300, warn.body().toString());
    assertEquals(List.of("299 - \"unknown field \\\"spec.defaults.warmpu\\\"\""), warn.warnings());
    JsonNode stored = send("GET", RUNS + "/typo", null, null).body();
    assertFalse(stored.at("/spec/defaults").has("warmpu"), "pruned: " + stored);
    assertEquals("3s", stored.at("/spec/startDelay").asText(), "defaulted from the CRD");

    Answer ignore = send("POST", RUNS + "?fieldValidation=Ignore", "application/json", typo.replace("\"typo\"", "\"typo2\""));
    assertTrue(ignore.code() < 300);
    assertEquals(List.of(), ignore.warnings());
  }

  @Test
  void patchesAreValidatedOnTheirResultAndMergePatchesReplaceLists() throws Exception {
    assertTrue(send("POST", RUNS, "application/json", run("patched", VALID)).code() < 300);

    Answer spec = send("PATCH", RUNS + "/patched?fieldValidation=Strict", "application/merge-patch+json",
        "{\"spec\":{\"placements\":[{\"name\":\"eu\",\"pods\":2}]}}");
    assertEquals(422, spec.code());
    assertEquals(List.of("spec"), fields(spec));
    assertTrue(spec.body().path("message").asText().contains("spec is immutable once the run is created"));

    Answer finalizers = send("PATCH", RUNS + "/patched", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"a.dev/x\",\"a.dev/y\"],\"labels\":{\"team\":\"perf\"}}}");
    assertTrue(finalizers.code() < 300, finalizers.body().toString());
    Answer replaced = send("PATCH", RUNS + "/patched", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"a.dev/z\"]}}");
    assertEquals("[\"a.dev/z\"]", replaced.body().at("/metadata/finalizers").toString(), "a list is replaced, not appended");

    Answer badLabel = send("PATCH", RUNS + "/patched", "application/json-patch+json",
        "[{\"op\":\"add\",\"path\":\"/metadata/labels/bad\",\"value\":\"no spaces\"}]");
    assertEquals(422, badLabel.code());
    assertEquals(List.of("metadata.labels"), fields(badLabel));
    assertEquals("perf", send("GET", RUNS + "/patched", null, null).body().at("/metadata/labels/team").asText());
  }

  @Test
  void statusWritesAreValidatedAgainstTheStatusSchemaAndChangeOnlyTheStatus() throws Exception {
    Answer created = send("POST", RUNS, "application/json", run("statused", VALID));
    ObjectNode obj = (ObjectNode) created.body();
    obj.putObject("status").put("phase", "Exploded");
    Answer bad = send("PUT", RUNS + "/statused/status", "application/json", obj.toString());
    assertEquals(422, bad.code());
    assertEquals("status.phase", fields(bad).get(0));

    ObjectNode good = (ObjectNode) send("GET", RUNS + "/statused", null, null).body();
    good.putObject("status").put("phase", "Pending").put("message", "ok");
    ((ObjectNode) good.at("/spec/placements/0")).put("pods", 9); // ignored by a status write
    Answer ok = send("PUT", RUNS + "/statused/status", "application/json", good.toString());
    assertEquals(200, ok.code(), ok.body().toString());
    JsonNode stored = send("GET", RUNS + "/statused", null, null).body();
    assertEquals("Pending", stored.at("/status/phase").asText());
    assertEquals(1, stored.at("/spec/placements/0/pods").asInt());

    Answer mergeStatus = send("PATCH", RUNS + "/statused/status", "application/merge-patch+json",
        "{\"status\":{\"phase\":\"Nope\"}}");
    assertEquals(422, mergeStatus.code());

    ObjectNode stale = (ObjectNode) stored.deepCopy();
    ((ObjectNode) stale.get("metadata")).put("resourceVersion", "1");
    ((ObjectNode) stale.get("status")).put("phase", "Running");
    assertEquals(409, send("PUT", RUNS + "/statused/status", "application/json", stale.toString()).code(),
        "a stale resourceVersion is a conflict, as on a cluster");
  }

  @Test
  void dryRunValidatesAndStoresNothingAndOversizedBodiesAreRefused() throws Exception {
    Answer dry = send("POST", RUNS + "?dryRun=All", "application/json", run("dry", VALID));
    assertEquals(201, dry.code());
    assertEquals(404, send("GET", RUNS + "/dry", null, null).code());

    String huge = run("huge", VALID).replace("\"name\":\"huge\"", "\"name\":\"huge\",\"annotations\":{\"a\":\""
        + "x".repeat(CustomResourceAdmission.MAX_BODY_BYTES) + "\"}");
    Answer tooLarge = send("POST", RUNS, "application/json", huge);
    assertEquals(413, tooLarge.code());
    assertEquals("RequestEntityTooLarge", tooLarge.body().path("reason").asText());
  }
}
