package dev.regatta.local.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DynamicMessage;
import dev.regatta.api.RunFiles;
import dev.regatta.runner.standin.grpc.InferenceProtocol;
import dev.regatta.runner.standin.grpc.JsonCalls;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two in-cluster targets of a run are two stand-ins, never one server whose figures would add up. */
class DistinctStandinsTest {
  @TempDir
  Path tmp;

  @Test
  void twoUrlsOfAMatrixGetTwoServersAndAModelShapedAnswer() throws Exception {
    TargetPlan plan = plan("""
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
        """);
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
  void twoGrpcTargetsGetTwoModelServersAndATlsOneTheCertificateOfItsCaSecret() throws Exception {
    TargetPlan plan = plan("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: serving}
        spec:
          placements: [{name: p, pods: 1}]
          scenarios:
            - name: plain
              grpc: {target: 'model-server.ml.svc.cluster.local:8081', method: inference.GRPCInferenceService/ModelInfer}
            - name: secure
              grpc: {target: 'secure-model.ml.svc:8081', method: inference.GRPCInferenceService/ModelInfer, tls: true,
                     caSecret: {name: model-ca, key: ca.crt}}
        """);
    try (Standins s = Standins.start(plan, "redis-server", 1024, tmp)) {
      String plain = s.targets().get("model-server.ml.svc.cluster.local:8081");
      String secure = s.targets().get("secure-model.ml.svc:8081");
      assertNotEquals(plain, secure, "one stand-in per target: " + s.targets());
      String pem = s.caPem().get("model-ca/ca.crt");
      assertTrue(pem != null && pem.contains("BEGIN CERTIFICATE"), s.caPem().toString());
      String request = "{\"model_name\": \"m\", \"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", "
          + "\"shape\": [1, 2], \"contents\": {\"fp32_contents\": [1, 2]}}]}";
      ManagedChannel h2c = NettyChannelBuilder.forTarget(plain, InsecureChannelCredentials.create()).build();
      // the runner verifies the stand-in's certificate against the CA bundle the run's Secret holds
      ManagedChannel tls = NettyChannelBuilder.forTarget(secure, TlsChannelCredentials.newBuilder()
          .trustManager(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).build()).build();
      try {
        for (ManagedChannel ch : List.of(h2c, tls)) {
          DynamicMessage reply = JsonCalls.call(ch, InferenceProtocol.method("ModelInfer"), request, new Metadata(),
              Duration.ofSeconds(60));
          assertEquals("m", reply.getField(reply.getDescriptorForType().findFieldByName("model_name")));
        }
      } finally {
        h2c.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        tls.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aKafkaBootstrapListIsOneClusterAndTwoListsAreTwo() {
    TargetPlan plan = plan("""
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
        """);
    assertEquals(2, plan.kafkaClusters().size(), plan.kafkaClusters().toString());
    assertEquals(2, plan.kafkaClusters().get(0).size());
  }

  @Test
  void anExternalToolsS3EndpointVariableIsAnS3TargetAndItsUrlArgumentsHttpServers() {
    TargetPlan plan = plan("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: tool}
        spec:
          placements: [{name: p, pods: 1}]
          scenarios:
            - name: io
              duration: 5s
              external:
                command: [python3, -c, 'print("http://not-a-target.svc/")']
                args: ['http://web.default.svc:8080/index.html', '--label=http://label.svc/', 'https://example.com/']
                env: {AWS_ENDPOINT_URL: 'http://minio.storage.svc:9000', OTHER: 'http://other.svc/'}
                results: {format: jsonl, path: out.jsonl}
        """);
    assertEquals(java.util.Set.of(new Endpoint(Endpoint.Kind.S3, "minio.storage.svc", 9000, false),
            new Endpoint(Endpoint.Kind.HTTP, "web.default.svc", 8080, false)), plan.endpoints(),
        "the S3 variable and the argument that is a cluster URL; not a URL inside a longer argument, another "
            + "variable, the command's text or a host outside the cluster");
  }

  /** What the run (YAML) names, as local mode reads it. */
  private static TargetPlan plan(String runYaml) {
    TargetPlan plan = new TargetPlan();
    plan.add(RunFiles.yaml().valueToTree(RunFiles.parse(runYaml, "test").get(0).getSpec()), 1024);
    return plan;
  }
}
