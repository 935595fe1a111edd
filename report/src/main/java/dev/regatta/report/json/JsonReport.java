package dev.regatta.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.regatta.report.model.Report;
import dev.regatta.result.ResultJson;

/** The whole report as JSON: merged rows (as in status), flat rows per region, per-pod rows, curves. */
public final class JsonReport {
  private static final ObjectMapper MAPPER = ResultJson.mapper().copy()
      .configure(SerializationFeature.INDENT_OUTPUT, true);
  private static final ObjectMapper COMPACT = ResultJson.mapper().copy()
      .configure(SerializationFeature.INDENT_OUTPUT, false);

  private JsonReport() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Report report) {
    return write(report, true);
  }

  public static String write(Object value, boolean indent) {
    try {
      return (indent ? MAPPER : COMPACT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Report read(String json) {
    try {
      return MAPPER.readValue(json, Report.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Regatta report: " + e.getOriginalMessage(), e);
    }
  }
}
