package dev.regatta.api.read;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import java.io.IOException;
import java.util.List;

/**
 * BenchmarkRun.status: always a status. Fields this version does not know are ignored (a status written by a
 * newer operator), but a status that does not bind (someone wrote {@code phase: Bogus}) comes back as
 * {@link BenchmarkRunStatus#unreadable()} instead of stopping the informer.
 */
public final class LenientStatusDeserializer extends JsonDeserializer<BenchmarkRunStatus> {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  @Override
  public BenchmarkRunStatus deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode raw = ctxt.readTree(p);
    try {
      return MAPPER.treeToValue(raw, BenchmarkRunStatus.class);
    } catch (JacksonException | RuntimeException e) {
      return BenchmarkRunStatus.unreadable(new Unreadable(List.of(StrictBinding.violation(e, raw, "status")), raw));
    }
  }
}
