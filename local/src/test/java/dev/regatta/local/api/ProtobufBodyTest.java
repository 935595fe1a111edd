package dev.regatta.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The protobuf bodies kubectl's typed create commands send, and what is not one. */
class ProtobufBodyTest {
  /** What kubectl 1.32 sent for `kubectl create secret generic s1 --from-literal=a=b` (captured with -v=8). */
  private static final byte[] CREATE_SECRET = HexFormat.of().parseHex(
      "6b3873000a0c0a0276311206536563726574121e0a120a02733112001a00220"
          + "02a00320038004200120 60a01611201621a001a002200".replace(" ", ""));

  @Test
  void readsTheSecretKubectlCreateSends() throws Exception {
    ObjectNode secret = ProtobufBody.toJson(CREATE_SECRET);
    assertEquals("v1", secret.path("apiVersion").asText());
    assertEquals("Secret", secret.path("kind").asText());
    assertEquals("s1", secret.at("/metadata/name").asText());
    assertTrue(secret.at("/metadata/namespace").isMissingNode(), "empty proto2 strings are left out: " + secret);
    assertEquals("Yg==", secret.at("/data/a").asText(), "bytes become base64, as in JSON");
    assertEquals("Opaque", secret.path("type").asText(), "the API server's default type");
  }

  @Test
  void refusesOtherKindsWith415AndBrokenBodiesWith400() {
    byte[] job = HexFormat.of().parseHex("6b3873000a0f0a086261746368" + "2f7631" + "12034a6f62");
    ProtobufBody.Unreadable unsupported = assertThrows(ProtobufBody.Unreadable.class, () -> ProtobufBody.toJson(job));
    assertEquals(415, unsupported.code);
    assertTrue(unsupported.getMessage().contains("batch/v1 Job") && unsupported.getMessage().contains("JSON"),
        unsupported.getMessage());
    for (int cut = 5; cut < CREATE_SECRET.length - 1; cut++) {
      byte[] truncated = Arrays.copyOf(CREATE_SECRET, cut);
      try {
        ProtobufBody.toJson(truncated);
      } catch (ProtobufBody.Unreadable e) {
        assertTrue(e.code == 400 || e.code == 415, "cut at " + cut + ": " + e.code);
      }
    }
    assertEquals(400, assertThrows(ProtobufBody.Unreadable.class,
        () -> ProtobufBody.toJson("{\"kind\":\"Secret\"}".getBytes())).code);
    byte[] hugeLength = HexFormat.of().parseHex("6b38730012ffffffff0f");
    assertEquals(400, assertThrows(ProtobufBody.Unreadable.class, () -> ProtobufBody.toJson(hugeLength)).code);
  }
}
