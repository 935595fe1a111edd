package dev.regatta.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded API treats a Secret's stringData as a real API server does: folded into data, not stored. */
class EmbeddedApiSecretsTest {
  @Test
  void stringDataIsStoredAsBase64DataLikeARealApiServer() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.newClient()) {
      client.secrets().inNamespace("default").resource(new SecretBuilder()
          .withNewMetadata().withName("creds").endMetadata()
          .addToData("kept", Base64.getEncoder().encodeToString("as-is".getBytes(StandardCharsets.UTF_8)))
          .withStringData(Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"))
          .build()).create();

      Secret stored = client.secrets().inNamespace("default").withName("creds").get();

      assertTrue(stored.getStringData() == null || stored.getStringData().isEmpty(), "stringData is write-only");
      assertEquals(Map.of("kept", "as-is", "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"),
          decoded(stored.getData()));
    }
  }

  private static Map<String, String> decoded(Map<String, String> data) {
    Map<String, String> out = new java.util.HashMap<>();
    data.forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }
}
