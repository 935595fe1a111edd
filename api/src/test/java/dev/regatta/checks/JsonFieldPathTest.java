package dev.regatta.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonFieldPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode body() throws Exception {
    return JSON.readTree("{\"predictions\": [{\"label\": \"cat\", \"score\": 0.90}, [1, 2]], \"ok\": true, "
        + "\"n\": null, \"7\": \"seven\", \"data\": {\"items\": [{\"id\": 42}]}}");
  }

  @Test
  void findsFieldsByNamesIndexesAndDottedIndexes() throws Exception {
    JsonNode b = body();
    assertEquals("cat", JsonFieldPath.parse("predictions[0].label").find(b).asText());
    assertEquals("cat", JsonFieldPath.parse("$.predictions.0.label").find(b).asText());
    assertEquals(2, JsonFieldPath.parse("predictions[1][1]").find(b).asInt());
    assertEquals(42, JsonFieldPath.parse("$data.items[0].id").find(b).asInt());
    assertEquals("seven", JsonFieldPath.parse("7").find(b).asText(), "digits name an object field on an object");
    assertNull(JsonFieldPath.parse("predictions[5].label").find(b));
    assertNull(JsonFieldPath.parse("ok.deeper").find(b));
  }

  @Test
  void valuesCompareAsJsonWritesThem() throws Exception {
    JsonNode b = body();
    assertTrue(JsonFieldPath.matches(JsonFieldPath.parse("predictions[0].score").find(b), "0.9"));
    assertTrue(JsonFieldPath.matches(JsonFieldPath.parse("ok").find(b), "true"));
    assertTrue(JsonFieldPath.matches(JsonFieldPath.parse("n").find(b), "null"));
    assertFalse(JsonFieldPath.matches(JsonFieldPath.parse("ok").find(b), "\"true\""));
    assertFalse(JsonFieldPath.matches(JsonFieldPath.parse("predictions[0].label").find(b), "dog"));
    assertFalse(JsonFieldPath.matches(null, "null"), "a missing field is not null");
  }

  @Test
  void pathsThatCannotBeReadSayWhy() {
    for (String bad : new String[] {"", "a..b", "a.", ".a", "a[", "a[x]", "a]", "a[0]b", "[-1]"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonFieldPath.parse(bad), bad);
      assertTrue(e.getMessage().contains("field") || e.getMessage().contains("empty"), e.getMessage());
    }
  }
}
