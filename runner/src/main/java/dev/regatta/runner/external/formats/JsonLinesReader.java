package dev.regatta.runner.external.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Regatta's own per-request format, one JSON object a line (docs/WORKLOADS.md):
 * {@code {"t_ms": 1764300000123.4, "latency_ms": 12.7, "ok": true, "error": "timeout", "bytes_in": 512,
 * "bytes_out": 0}}. {@code t_ms} (epoch milliseconds the request was sent) and one of {@code latency_ms} /
 * {@code latency_us} are required; the send time is what puts a request in warm-up or in the measured window.
 * A record is a failure when {@code ok} is false or {@code error} is set. Blank lines are skipped.
 */
public final class JsonLinesReader implements ResultsReader {
  @Override
  public void read(InputStream in, ToolRecords into) throws IOException, MalformedResultsException {
    BoundedLines lines = new BoundedLines(in);
    JsonNode n;
    while ((n = lines.nextJson("the tool")) != null) {
      record(n, lines.number(), into);
    }
  }

  private static void record(JsonNode n, long line, ToolRecords into) throws MalformedResultsException {
    if (n == null || !n.isObject()) {
      throw new MalformedResultsException("line " + line + " is not a JSON object");
    }
    double tMs = Numbers.required(n, "t_ms", line);
    long latency;
    if (n.has("latency_us") == n.has("latency_ms")) {
      throw new MalformedResultsException("line " + line + " needs exactly one of latency_us and latency_ms");
    } else if (n.has("latency_us")) {
      latency = Numbers.micros(Numbers.required(n, "latency_us", line), 1, "latency_us", line);
    } else {
      latency = Numbers.micros(Numbers.required(n, "latency_ms", line), 1000, "latency_ms", line);
    }
    JsonNode ok = n.get("ok");
    if (ok != null && !ok.isBoolean()) {
      throw new MalformedResultsException("line " + line + ": ok must be true or false, got " + ok);
    }
    JsonNode error = n.get("error");
    String type = error != null && !error.isNull() ? error.asText() : ok != null && !ok.asBoolean() ? "error" : null;
    long in = n.has("bytes_in") ? (long) Numbers.count(n, "bytes_in", line) : -1;
    long out = n.has("bytes_out") ? (long) Numbers.count(n, "bytes_out", line) : -1;
    into.request(Numbers.epochMicros(tMs * 1000, "t_ms", line), latency, type, in, out);
  }
}
