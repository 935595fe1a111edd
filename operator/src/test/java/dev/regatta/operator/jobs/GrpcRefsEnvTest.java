package dev.regatta.operator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.RunnerTemplate;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grpc scenario's descriptor set and CA bundle reach the runner pod as environment variables from the
 * ConfigMap and Secret keys it names, under the names the runner reads (Protocol), never as values.
 */
class GrpcRefsEnvTest {
  @TempDir
  Path dir;

  @Test
  void descriptorSetFromAConfigMapAndCaFromASecretBecomeKeyRefs() throws Exception {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, """
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: grpc-refs}
        spec:
          placements: [{name: load, pods: 1}]
          scenarios:
            - name: infer
              grpc:
                target: model.ml.svc:8001
                method: inference.GRPCInferenceService/ModelInfer
                tls: true
                caSecret: {name: model-ca, key: ca.pem}
                descriptorSet: {configMapKeyRef: {name: model-protos, key: inference.pb}}
            - name: infer-secret-set
              grpc:
                target: model.ml.svc:8001
                method: inference.GRPCInferenceService/ModelInfer
                descriptorSet: {secretKeyRef: {name: private-protos, key: set}}
        """);
    BenchmarkRun run = RunFiles.read(file).get(0);
    Map<String, EnvVar> env = JobFactory.env(run, run.getSpec(), run.getSpec().getPlacements().get(0),
            new RunnerTemplate()).stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e));

    EnvVar set = env.get(Protocol.configMapEnvName("model-protos", "inference.pb"));
    assertEquals("REGATTA_CONFIGMAP_MODEL_PROTOS__INFERENCE_PB", set.getName());
    assertNull(set.getValue(), "the descriptor set is never copied into the Job");
    assertEquals("model-protos", set.getValueFrom().getConfigMapKeyRef().getName());
    assertEquals("inference.pb", set.getValueFrom().getConfigMapKeyRef().getKey());

    EnvVar ca = env.get(Protocol.secretEnvName("model-ca", "ca.pem"));
    assertEquals("model-ca", ca.getValueFrom().getSecretKeyRef().getName());
    assertEquals("ca.pem", ca.getValueFrom().getSecretKeyRef().getKey());
    EnvVar privateSet = env.get(Protocol.secretEnvName("private-protos", "set"));
    assertEquals("private-protos", privateSet.getValueFrom().getSecretKeyRef().getName());
    assertNull(env.get(Protocol.configMapEnvName("private-protos", "set")), "a Secret stays a Secret");
  }
}
