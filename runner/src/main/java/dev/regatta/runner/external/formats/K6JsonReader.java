package dev.regatta.runner.external.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * k6's {@code --out json=FILE}: one {@code {"type":"Point","metric":...,"data":{"time":...,"value":...,"tags":{...}}}}
 * per sample. Each {@code http_req_duration} point is one request (value in milliseconds). k6 writes a request's
 * {@code http_req_failed} point (1: failed) with the same time and tags, so the two are paired by that key; a
 * duration without its failed point is a success. Other metrics and {@code "Metric"} lines are ignored.
 */
public final class K6JsonReader implements ResultsReader {
  /** Durations waiting for their failed point; k6 writes the two close together, so few are ever pending. */
  static final int MAX_PENDING = 100_000;

  private record Pending(long epochMicros, long latencyMicros, String status) {}

  @Override
  public void read(InputStream in, ToolRecords into) throws IOException, MalformedResultsException {
    BoundedLines lines = new BoundedLines(in);
    Map<String, Pending> pending = new LinkedHashMap<>();
    try {
      JsonNode n;
      while ((n = lines.nextJson("k6")) != null) {
        if (n == null || !n.isObject() || !n.path("type").isTextual()) {
          throw new MalformedResultsException("line " + lines.number() + " is not a k6 JSON output line (no \"type\")");
        }
        if (!"Point".equals(n.path("type").asText())) {
          continue;
        }
        String metric = n.path("metric").asText();
        if (metric.equals("http_req_duration")) {
          duration(n, lines.number(), pending, into);
        } else if (metric.equals("http_req_failed")) {
          failed(n, lines.number(), pending, into);
        }
      }
    } finally {
      // what was measured before a bad line still counts, as in the other formats
      for (Pending p : pending.values()) {
        into.request(p.epochMicros(), p.latencyMicros(), null, -1, -1);
      }
    }
  }

  private static void duration(JsonNode n, long line, Map<String, Pending> pending, ToolRecords into)
      throws MalformedResultsException {
    JsonNode data = data(n, line);
    long latency = Numbers.micros(Numbers.required(data, "value", line), 1000, "data.value", line);
    Pending p = new Pending(time(data, line), latency, data.path("tags").path("status").asText(""));
    Pending earlier = pending.put(key(data), p);
    if (earlier != null) {
      into.request(earlier.epochMicros(), earlier.latencyMicros(), null, -1, -1);
    }
    if (pending.size() > MAX_PENDING) {
      Iterator<Pending> oldest = pending.values().iterator();
      Pending o = oldest.next();
      oldest.remove();
      into.request(o.epochMicros(), o.latencyMicros(), null, -1, -1);
    }
  }

  private static void failed(JsonNode n, long line, Map<String, Pending> pending, ToolRecords into)
      throws MalformedResultsException {
    JsonNode data = data(n, line);
    Pending p = pending.remove(key(data));
    if (p == null) {
      return; // a failed point of a request whose duration k6 did not write (or was written before): nothing to pair
    }
    boolean failed = Numbers.required(data, "value", line) != 0;
    into.request(p.epochMicros(), p.latencyMicros(), failed ? errorType(p.status()) : null, -1, -1);
  }

  private static String errorType(String status) {
    return status.isEmpty() || status.equals("0") ? "k6_failed" : "http_" + status;
  }

  private static JsonNode data(JsonNode n, long line) throws MalformedResultsException {
    JsonNode data = n.get("data");
    if (data == null || !data.isObject()) {
      throw new MalformedResultsException("line " + line + ": a Point needs a data object");
    }
    return data;
  }

  private static String key(JsonNode data) {
    return data.path("time").asText() + data.path("tags").toString();
  }

  private static long time(JsonNode data, long line) throws MalformedResultsException {
    try {
      OffsetDateTime t = OffsetDateTime.parse(data.path("time").asText());
      return t.toEpochSecond() * 1_000_000L + t.getNano() / 1000;
    } catch (DateTimeParseException e) {
      throw new MalformedResultsException("line " + line + ": data.time is not an RFC 3339 time: "
          + Numbers.abbreviate(data.path("time").toString()));
    }
  }
}
