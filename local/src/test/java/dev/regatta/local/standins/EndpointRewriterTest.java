package dev.regatta.local.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointRewriterTest {
  private static final String RUN = """
      apiVersion: regatta.dev/v1alpha1
      kind: BenchmarkRun
      metadata: {name: r, namespace: default}
      spec:
        placements: [{name: p, pods: 1}]
        sidecars: [{name: redis}]
        scenarios:
          - name: default-url
            redis: {op: get}
          - name: http
            http: {url: "http://model.ml.svc:8080/predict"}
            matrix:
              url: {values: ["http://a.serving.svc:8000/x", "http://example.com:8000/x"]}
          - name: kafka
            kafka: {bootstrapServers: "kafka.kafka.svc:9092"}
          - name: s3
            s3: {endpoint: "http://minio.storage.svc:9000", bucket: b, key: k}
      """;

  @Test
  void sidecarAndInClusterAddressesPointAtLocalPortsAndOthersStay() {
    TargetPlan plan = new TargetPlan();
    BenchmarkRun parsed = RunFiles.parse(RUN, "test").get(0);
    plan.add(RunFiles.yaml().valueToTree(parsed.getSpec()), 100);
    assertEquals(java.util.Set.of("model.ml.svc:8080", "a.serving.svc:8000", "kafka.kafka.svc:9092",
        "minio.storage.svc:9000"), plan.endpoints().stream().map(Endpoint::hostPort).collect(java.util.stream.Collectors.toSet()));
    assertEquals(Map.of("b/k", 100L), plan.objects());

    EndpointRewriter rw = new EndpointRewriter(Map.of("model.ml.svc:8080", "127.0.0.1:1001",
        "a.serving.svc:8000", "127.0.0.1:1002", "kafka.kafka.svc:9092", "127.0.0.1:1003",
        "minio.storage.svc:9000", "127.0.0.1:1004"));
    BenchmarkRun out = RunFiles.parse(rw.rewrite(RUN, Map.of(6379, 40000)), "rewritten").get(0);
    var sc = out.getSpec().getScenarios();
    assertEquals(40000, out.getSpec().getSidecars().get(0).getPort());
    assertEquals("redis://127.0.0.1:40000", sc.get(0).getRedis().getUrl(), "a defaulted url is rewritten too");
    assertEquals("http://127.0.0.1:1001/predict", sc.get(1).getHttp().getUrl());
    // matrix values name the rows: they stay as the run writes them, and the runner maps them per point
    assertEquals("http://a.serving.svc:8000/x", sc.get(1).getMatrix().get("url").getValues().get(0).getStrVal());
    assertEquals("http://example.com:8000/x", sc.get(1).getMatrix().get("url").getValues().get(1).getStrVal());
    dev.regatta.api.AddressMap map = dev.regatta.api.AddressMap.fromJson(
        out.getMetadata().getAnnotations().get(dev.regatta.api.AddressMap.ANNOTATION));
    var points = dev.regatta.matrix.ScenarioPlan.of(out.getSpec().getScenarios().get(1), out.getSpec().getDefaults())
        .stream().map(p -> p.withAddresses(map)).toList();
    assertEquals(Map.of("url", "http://a.serving.svc:8000/x"), points.get(0).params());
    assertEquals("http://127.0.0.1:1002/x", ((dev.regatta.api.v1alpha1.HttpWorkload) points.get(0).workload()).getUrl());
    assertEquals("http://example.com:8000/x",
        ((dev.regatta.api.v1alpha1.HttpWorkload) points.get(1).workload()).getUrl(), "a public name stays");
    assertEquals("127.0.0.1:40000", map.targets().get("127.0.0.1:6379"), "the pod's own sidecar port too");
    assertEquals("127.0.0.1:1003", sc.get(2).getKafka().getBootstrapServers());
    assertEquals("http://127.0.0.1:1004", sc.get(3).getS3().getEndpoint());
  }

  @Test
  void grpcTargetsAreHostPortsStoodInLikeUrlsTheirMatrixValuesMappedPerPoint() {
    String run = """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: g, namespace: default}
        spec:
          placements: [{name: p, pods: 1}]
          scenarios:
            - name: infer
              grpc: {target: "model-server.ml.svc.cluster.local:8081", method: inference.GRPCInferenceService/ModelInfer}
            - name: configs
              grpc: {target: "a.serving.svc:8001", method: inference.GRPCInferenceService/ModelInfer, tls: true,
                     caSecret: {name: serving-ca, key: ca.pem}}
              matrix:
                target: {values: ["a.serving.svc:8001", "b.serving.svc:8001", "203.0.113.7:8001"]}
        """;
    TargetPlan plan = new TargetPlan();
    plan.add(RunFiles.yaml().valueToTree(RunFiles.parse(run, "test").get(0).getSpec()), 100);
    assertEquals(java.util.Set.of("model-server.ml.svc.cluster.local:8081", "a.serving.svc:8001", "b.serving.svc:8001"),
        plan.endpoints().stream().map(Endpoint::hostPort).collect(java.util.stream.Collectors.toSet()),
        "an IP is reached as it is");
    assertTrue(plan.endpoints().stream().allMatch(e -> e.kind() == Endpoint.Kind.GRPC));
    assertEquals(java.util.Set.of("a.serving.svc", "b.serving.svc"), plan.endpoints().stream().filter(Endpoint::tls)
        .map(Endpoint::host).collect(java.util.stream.Collectors.toSet()), "tls: true goes with the scenario's targets");
    assertEquals(Map.of("serving-ca", "ca.pem"), plan.caSecrets(), "its CA Secret gets the stand-ins' certificate");

    EndpointRewriter rw = new EndpointRewriter(Map.of("model-server.ml.svc.cluster.local:8081", "127.0.0.1:1001",
        "a.serving.svc:8001", "127.0.0.1:1002", "b.serving.svc:8001", "127.0.0.1:1003"));
    BenchmarkRun out = RunFiles.parse(rw.rewrite(run, Map.of()), "rewritten").get(0);
    assertEquals("127.0.0.1:1001", out.getSpec().getScenarios().get(0).getGrpc().getTarget());
    dev.regatta.api.AddressMap map = dev.regatta.api.AddressMap.fromJson(
        out.getMetadata().getAnnotations().get(dev.regatta.api.AddressMap.ANNOTATION));
    var points = dev.regatta.matrix.ScenarioPlan.of(out.getSpec().getScenarios().get(1), out.getSpec().getDefaults())
        .stream().map(p -> p.withAddresses(map)).toList();
    assertEquals(Map.of("target", "b.serving.svc:8001"), points.get(1).params(), "rows keep the run's own target");
    assertEquals("127.0.0.1:1003", ((dev.regatta.api.v1alpha1.GrpcWorkload) points.get(1).workload()).getTarget());
    assertEquals("203.0.113.7:8001", ((dev.regatta.api.v1alpha1.GrpcWorkload) points.get(2).workload()).getTarget());
  }

  @Test
  void onlyClusterNamesAreStoodIn() {
    assertTrue(Endpoint.clusterInternal("kafka.kafka.svc"));
    assertTrue(Endpoint.clusterInternal("minio.storage.svc.cluster.local"));
    assertTrue(Endpoint.clusterInternal("redis"));
    assertFalse(Endpoint.clusterInternal("localhost"));
    assertFalse(Endpoint.clusterInternal("10.0.0.5"));
    assertFalse(Endpoint.clusterInternal("s3.eu-west-1.amazonaws.com"));
  }
}
