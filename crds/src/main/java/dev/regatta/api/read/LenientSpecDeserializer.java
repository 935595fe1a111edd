package dev.regatta.api.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import java.io.IOException;

/** BenchmarkRun.spec: always a spec, readable or not (see {@link SpecReading}). */
public final class LenientSpecDeserializer extends JsonDeserializer<BenchmarkRunSpec> {
  @Override
  public BenchmarkRunSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    return SpecReading.spec(ctxt.readTree(p));
  }
}
