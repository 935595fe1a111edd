package dev.regatta.operator.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.operator.testing.FakeKubelet;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
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
      dev.regatta.operator.testing.Await.until("s3proxy started", () -> "STARTED".equals(s3.getState()));
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
        h.client.configMaps().inNamespace(Harness.NS).withName(FakeKubelet.resultMap(p)).edit(cm -> {
          cm.getData().put(Protocol.STATE_KEY, Protocol.STATE_DONE);
          cm.getData().put(Protocol.RESULT_LOCATION_KEY, "s3://results/" + key);
          return cm;
        });
        h.kubelet.exit(p, 0, "");
      }
      h.jobs("ins3").forEach(j -> h.kubelet.completeJob(j.getMetadata().getName()));
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
    } finally {
      s3.stop();
      store.close();
    }
  }
}
