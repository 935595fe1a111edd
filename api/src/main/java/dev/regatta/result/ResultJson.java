package dev.regatta.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes result documents as JSON. Unknown fields are ignored so older readers keep working. */
public final class ResultJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.INDENT_OUTPUT, true);

  private ResultJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(ResultDocument doc) {
    try {
      return MAPPER.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ResultDocument read(String json) {
    try {
      return MAPPER.readValue(json, ResultDocument.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Regatta result document: " + e.getOriginalMessage(), e);
    }
  }

  public static void write(ResultDocument doc, Path file) {
    try {
      Files.writeString(file, write(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ResultDocument read(Path file) {
    try {
      return read(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
