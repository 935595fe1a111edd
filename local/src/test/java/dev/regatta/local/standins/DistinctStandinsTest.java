package dev.regatta.local.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two in-cluster targets of a run are two stand-ins, never one server whose figures would add up. */
class DistinctStandinsTest {
  @TempDir
  Path tmp;

  @Test
  void twoUrlsOfAMatrixGetTwoServersAndAModelShapedAnswer() throws Exception {
    TargetPlan plan = new TargetPlan();
    plan.add(RunFiles.yaml().valueToTree(RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: serving}
        spec:
          placements: [{name: p, pods: 1}]
          scenarios:
            - name: predict
              http: {url: 'http://serving-config-a.serving.svc:8000/predict', method: POST, body: '{}'}
              matrix:
                url:
                  values: ['http://serving-config-a.serving.svc:8000/predict', 'http://serving-config-b.serving.svc:8000/predict']
        """, "test").get(0).getSpec()), 1024);
    try (Standins s = Standins.start(plan, "redis-server", 1024, tmp)) {
      Map<String, String> t = s.targets();
      String a = t.get("serving-config-a.serving.svc:8000");
      String b = t.get("serving-config-b.serving.svc:8000");
      assertNotEquals(a, b, "one stand-in per target: " + t);
      HttpClient http = HttpClient.newHttpClient();
      for (String target : new String[] {a, b}) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + target + "/predict"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"predictions\""), r.body());
      }
    }
  }

  @Test
  void aKafkaBootstrapListIsOneClusterAndTwoListsAreTwo() {
    TargetPlan plan = new TargetPlan();
    plan.add(RunFiles.yaml().valueToTree(RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: k}
        spec:
          placements: [{name: p, pods: 1}]
          scenarios:
            - name: a
              kafka: {bootstrapServers: 'kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092'}
            - name: b
              kafka: {bootstrapServers: 'kafka-1.kafka.svc:9092'}
            - name: c
              kafka: {bootstrapServers: 'other.kafka.svc:9092'}
        """, "test").get(0).getSpec()), 1024);
    assertEquals(2, plan.kafkaClusters().size(), plan.kafkaClusters().toString());
    assertEquals(2, plan.kafkaClusters().get(0).size());
  }
}
