package dev.regatta.operator.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.operator.testing.FakeRunners;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.Test;

/**
 * With spec.results.s3 the runners put their documents in S3 and only point at them from their ConfigMaps; the
 * operator reads them there, signing with the keys from the run's Secret, and merges them the same way.
 */
class S3ResultsTest {
  private static final String ACCESS = "test-access";
  private static final String SECRET = "test-secret";

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void resultsInS3AreReadWithTheSecretsKeysAndMerged() throws Exception {
    BlobStoreContext store = ContextBuilder.newBuilder("transient").credentials(ACCESS, SECRET)
        .build(BlobStoreContext.class);
    S3Proxy s3 = S3Proxy.builder().blobStore(store.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
    s3.start();
    try (Harness h = new Harness()) {
      Harness.await("s3proxy started").until(() -> "STARTED".equals(s3.getState()));
      store.getBlobStore().createContainerInLocation(null, "results");
      h.client.secrets().inNamespace(Harness.NS).resource(new SecretBuilder().withNewMetadata().withName("s3-creds")
          .endMetadata().withData(Map.of("AWS_ACCESS_KEY_ID", b64(ACCESS), "AWS_SECRET_ACCESS_KEY", b64(SECRET))).build())
          .create();
      h.cluster.startOperator();
      h.create(Harness.threeGroups("ins3").replace("  startDelay: 100ms", "  results:\n    s3: {bucket: results, "
          + "endpoint: \"http://127.0.0.1:" + s3.getPort() + "\", credentialsSecret: {name: s3-creds}}\n"
          + "  startDelay: 100ms"));
      h.awaitPhase("ins3", Phase.Starting);
      List<Pod> pods = h.startAll("ins3");
      h.awaitPhase("ins3", Phase.Running);
      BenchmarkRun run = h.get("ins3");
      for (Pod p : pods) {
        ResultDocument doc = h.document(run, p);
        String key = Protocol.s3ResultKey("regatta", Harness.NS, "ins3", doc.placement(), doc.index());
        store.getBlobStore().putBlob("results", store.getBlobStore().blobBuilder(key)
            .payload(ResultJson.write(doc)).build());
        h.client.configMaps().inNamespace(Harness.NS).withName(FakeRunners.resultMap(p)).edit(cm -> {
          cm.getData().put(Protocol.STATE_KEY, Protocol.STATE_DONE);
          cm.getData().put(Protocol.RESULT_LOCATION_KEY, "s3://results/" + key);
          return cm;
        });
        h.runners.exit(p, 0, "");
      }
      BenchmarkRun done = h.awaitPhase("ins3", Phase.Succeeded);
      assertNull(done.getStatus().getPartial());
      assertEquals(5, done.getStatus().getPods().getResults());
      for (ResultRow row : done.getStatus().getResults()) {
        String key = row.getScenario() + " " + row.getParams();
        assertEquals(h.expectedCount.get(key), row.getCount());
        assertEquals(LatencySummary.of(h.expected.get(key)), row.getLatencyMicros());
      }
      assertTrue(done.getStatus().getResultsLocation().equals("s3://results/regatta/bench/ins3/"),
          done.getStatus().getResultsLocation());

      // The merged report is next to the per-pod documents, and says what status says.
      String jsonKey = "regatta/bench/ins3/" + Protocol.S3_MERGED_JSON;
      String csvKey = "regatta/bench/ins3/" + Protocol.S3_MERGED_CSV;
      Condition uploaded = done.getStatus().condition("ResultsUploaded");
      assertEquals("True", uploaded.getStatus(), uploaded.getMessage());
      assertTrue(uploaded.getMessage().contains("s3://results/" + jsonKey), uploaded.getMessage());
      assertMergedReportMatchesStatus(blob(store, jsonKey), blob(store, csvKey), done);

      // A restart after success neither uploads again nor fails: remove the objects, stop the operator, move the
      // completion time back past the TTL (so the restarted operator visibly acts on the run: it cleans up and
      // says so in an Event), restart, and check that nothing was written and the outcome stands.
      h.cluster.stopOperator();
      store.getBlobStore().removeBlob("results", jsonKey);
      store.getBlobStore().removeBlob("results", csvKey);
      BenchmarkRun expired = h.get("ins3");
      expired.getStatus().setCompletionTime(Instant.now().minus(Duration.ofHours(2)).toString());
      h.runs().resource(expired).updateStatus();
      h.cluster.startOperator();
      Harness.await("the restarted operator cleans the finished run").until(() -> h.events("ins3").stream()
          .anyMatch(e -> "Cleaned".equals(e.getReason())));
      assertFalse(store.getBlobStore().blobExists("results", jsonKey), "a finished run is not uploaded again");
      assertFalse(store.getBlobStore().blobExists("results", csvKey), "a finished run is not uploaded again");
      BenchmarkRun after = h.get("ins3");
      assertEquals(Phase.Succeeded, after.getStatus().getPhase());
      assertEquals(uploaded, after.getStatus().condition("ResultsUploaded"));
    } finally {
      s3.stop();
      store.close();
    }
  }

  /**
   * With an S3 sink that cannot be written (nothing listens at the endpoint) the run still succeeds from the
   * results it has; the failed upload is visible in the ResultsUploaded condition and a Warning Event, with
   * the cause.
   */
  @Test
  void aFailedUploadDoesNotFailTheRunButSaysWhy() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (Harness h = new Harness()) {
      h.client.secrets().inNamespace(Harness.NS).resource(new SecretBuilder().withNewMetadata().withName("s3-creds")
          .endMetadata().withData(Map.of("AWS_ACCESS_KEY_ID", b64(ACCESS), "AWS_SECRET_ACCESS_KEY", b64(SECRET))).build())
          .create();
      h.cluster.startOperator();
      // The runners' documents are in their ConfigMaps (result.json), so the merge does not need S3.
      h.create(Harness.threeGroups("nos3").replace("  startDelay: 100ms", "  results:\n    s3: {bucket: results, "
          + "endpoint: \"http://127.0.0.1:" + closed + "\", credentialsSecret: {name: s3-creds}}\n"
          + "  startDelay: 100ms"));
      h.awaitPhase("nos3", Phase.Starting);
      List<Pod> pods = h.startAll("nos3");
      h.awaitPhase("nos3", Phase.Running);
      h.finishAll("nos3", pods);
      BenchmarkRun done = h.awaitPhase("nos3", Phase.Succeeded);
      assertEquals(2, done.getStatus().getResults().size());
      assertEquals("True", done.getStatus().condition("Completed").getStatus());
      Condition uploaded = done.getStatus().condition("ResultsUploaded");
      assertEquals("False", uploaded.getStatus());
      assertEquals("UploadFailed", uploaded.getReason());
      assertTrue(uploaded.getMessage().contains("s3://results/regatta/bench/nos3/")
          && uploaded.getMessage().contains("127.0.0.1:" + closed), uploaded.getMessage());
      Harness.await("a Warning Event about the upload").until(() -> h.events("nos3").stream()
          .anyMatch(e -> "Warning".equals(e.getType()) && "ResultsUploadFailed".equals(e.getReason())
              && e.getMessage().contains("127.0.0.1:" + closed)));
    }
  }

  private static String blob(BlobStoreContext store, String key) throws Exception {
    Blob b = store.getBlobStore().getBlob("results", key);
    assertNotNull(b, "no object " + key + " in the bucket");
    try (var in = b.getPayload().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** merged.json parses as a report whose merged rows are status.results; merged.csv's fleet rows carry the same figures. */
  private static void assertMergedReportMatchesStatus(String json, String csv, BenchmarkRun run) throws Exception {
    List<ResultRow> rows = run.getStatus().getResults();
    JsonNode report = new ObjectMapper().readTree(json);
    assertEquals("ins3", report.path("run").asText());
    assertEquals("Succeeded", report.path("phase").asText());
    JsonNode merged = report.path("merged");
    assertEquals(rows.size(), merged.size());
    for (int i = 0; i < rows.size(); i++) {
      ResultRow r = rows.get(i);
      JsonNode m = merged.get(i);
      assertEquals(r.getScenario(), m.path("scenario").asText());
      assertEquals(r.getParams().get("bufferSize"), m.at("/params/bufferSize").asText());
      assertEquals(r.getCount().longValue(), m.path("count").asLong());
      assertEquals(r.getLatencyMicros().getP99().longValue(), m.at("/latencyMicros/p99").asLong());
    }
    assertEquals(5, report.path("podRows").size() / rows.size(), "one row per pod and point");

    List<String> lines = csv.lines().toList();
    List<String> header = List.of(lines.get(0).split(",", -1));
    int fleetRows = 0;
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = List.of(line.split(",", -1));
      assertEquals(header.size(), cells.size(), line);
      java.util.function.Function<String, String> col = name -> cells.get(header.indexOf(name));
      if (!"all".equals(col.apply("region"))) {
        continue;
      }
      fleetRows++;
      ResultRow r = rows.stream().filter(x -> x.getScenario().equals(col.apply("scenario"))
          && x.getParams().get("bufferSize").equals(col.apply("bufferSize"))).findFirst()
          .orElseThrow(() -> new AssertionError("no status row for CSV line " + line));
      assertEquals(String.format(Locale.ROOT, "%.2f", r.getThroughputPerSecond()), col.apply("throughput_mean"));
      assertEquals(String.valueOf(r.getLatencyMicros().getP50()), col.apply("p50"));
      assertEquals(String.valueOf(r.getLatencyMicros().getP90()), col.apply("p90"));
      assertEquals(String.valueOf(r.getLatencyMicros().getP99()), col.apply("p99"));
      assertEquals(String.valueOf(r.getLatencyMicros().getP999()), col.apply(dev.regatta.result.LatencySummary.column(99.9)));
      assertEquals(String.valueOf(r.getErrors()), col.apply("errors"));
      assertEquals(String.valueOf(r.getDropped()), col.apply("dropped"));
      assertEquals("5", col.apply("pods"));
    }
    assertEquals(rows.size(), fleetRows, "one fleet row per status row:\n" + csv);
  }
}
