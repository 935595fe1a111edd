package dev.regatta.api.read;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import java.io.IOException;

/**
 * Writes an unreadable spec or status back as the JSON it was read from, so that an object written back (an
 * edit, a replace) keeps what its author wrote; a readable one is written as usual. Describes the schema as the
 * plain type does, so the CRD generated from the types is unchanged.
 */
public final class RawWhenUnreadable extends JsonSerializer<Object> {
  @Override
  public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    Unreadable u = value instanceof BenchmarkRunSpec s ? s.unreadable()
        : value instanceof BenchmarkRunStatus s ? s.unreadable() : null;
    if (u != null) {
      u.raw().serialize(gen, provider);
    } else {
      provider.findValueSerializer(value.getClass()).serialize(value, gen, provider);
    }
  }

  @Override
  public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType type) throws JsonMappingException {
    visitor.getProvider().findValueSerializer(type).acceptJsonFormatVisitor(visitor, type);
  }
}
