package dev.regatta.runner.external.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.runner.record.Recorder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {
  private static final long T0_MS = 1_764_300_000_000L;

  private static Recorder read(String text, long startMs, long endMs) throws Exception {
    Recorder r = new Recorder();
    ToolRecords into = new ToolRecords(r, startMs * 1000, endMs * 1000);
    try {
      new JsonLinesReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), into);
    } finally {
      into.finish();
    }
    return r;
  }

  private static String line(long tMs, String rest) {
    return "{\"t_ms\": " + tMs + ", " + rest + "}\n";
  }

  @Test
  void recordsEveryRequestInTheWindowWithItsLatencyErrorAndBytes() throws Exception {
    String text = line(T0_MS - 1, "\"latency_ms\": 999")          // warm-up: sent before the window
        + line(T0_MS, "\"latency_ms\": 1.5, \"ok\": true, \"bytes_in\": 100, \"bytes_out\": 10")
        + line(T0_MS + 10, "\"latency_us\": 250, \"ok\": false, \"error\": \"timeout\"")
        + "\n"
        + line(T0_MS + 20, "\"latency_ms\": 3, \"ok\": false")
        + line(T0_MS + 1000, "\"latency_ms\": 777");                // after the window
    Recorder r = read(text, T0_MS, T0_MS + 1000);
    assertEquals(3, r.count());
    assertEquals(2, r.errors());
    assertEquals(Map.of("timeout", 1L, "error", 1L), r.errorsByType());
    assertEquals(250, r.histogram().getMinValue());
    assertEquals(3000, r.histogram().getValueAtPercentile(100), 3);
    assertEquals(110, r.bytes());
    assertEquals(10L, r.bytesSent());
    assertEquals(100L, r.bytesReceived());
  }

  @Test
  void withoutByteFieldsTheWireBytesStayUnknown() throws Exception {
    Recorder r = read(line(T0_MS, "\"latency_ms\": 2"), T0_MS, T0_MS + 1);
    assertEquals(1, r.count());
    assertNull(r.bytesSent());
  }

  @Test
  void anEmptyFileHasNoRecords() throws Exception {
    assertEquals(0, read("", T0_MS, T0_MS + 1).count());
  }

  @Test
  void aTruncatedLastLineIsAnErrorThatKeepsTheLinesBefore() throws Exception {
    Recorder r = new Recorder();
    ToolRecords into = new ToolRecords(r, T0_MS * 1000, (T0_MS + 1000) * 1000);
    String text = line(T0_MS, "\"latency_ms\": 2") + "{\"t_ms\": " + T0_MS + ", \"lat";
    MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> new JsonLinesReader()
        .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), into));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("cut off"), e.getMessage());
    assertEquals(1, r.count());
  }

  @Test
  void badValuesNameTheLineAndTheField() {
    assertMalformed(line(T0_MS, "\"latency_ms\": -1"), "latency_ms is negative");
    assertMalformed("{\"t_ms\": " + T0_MS + ", \"latency_ms\": NaN}\n", "not JSON"); // Python's json.dumps(float('nan'))
    assertMalformed(line(T0_MS, "\"latency_ms\": \"12\""), "latency_ms must be a number");
    assertMalformed(line(T0_MS, "\"latency_ms\": 1, \"latency_us\": 1"), "exactly one of");
    assertMalformed(line(T0_MS, "\"ok\": true"), "exactly one of");
    assertMalformed("{\"latency_ms\": 1}\n", "has no t_ms");
    assertMalformed(line(T0_MS / 1000, "\"latency_ms\": 1"), "not an epoch time"); // seconds given as ms
    assertMalformed(line(T0_MS, "\"latency_ms\": 1, \"ok\": \"yes\""), "ok must be true or false");
    assertMalformed(line(T0_MS, "\"latency_ms\": 1, \"bytes_in\": -5"), "bytes_in must be 0 or more");
    assertMalformed("[1, 2]\n", "not a JSON object");
    assertMalformed("{\"t_ms\": 1} {\"x\": 2}\n", "not JSON");
    assertMalformed("# HdrHistogram log\n", "line 1 is not JSON");
  }

  @Test
  void aHugeLineIsRefusedWithoutReadingItWhole() {
    String huge = "{\"t_ms\": " + T0_MS + ", \"error\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}\n";
    assertMalformed(huge, "longer than " + BoundedLines.DEFAULT_MAX_LINE_BYTES + " bytes");
  }

  @Test
  void hostileErrorTypesAreBoundedInLengthNumberAndCharacters() throws Exception {
    StringBuilder text = new StringBuilder();
    text.append(line(T0_MS, "\"latency_ms\": 1, \"error\": \"" + "\\u001b[31m<b>".repeat(40) + "\""));
    for (int i = 0; i < 100; i++) {
      text.append(line(T0_MS, "\"latency_ms\": 1, \"error\": \"type" + i + "\""));
    }
    Recorder r = read(text.toString(), T0_MS, T0_MS + 1);
    assertEquals(101, r.errors());
    assertEquals(ToolRecords.MAX_ERROR_TYPES + 1, r.errorsByType().size());
    for (String type : r.errorsByType().keySet()) {
      assertTrue(type.length() <= ToolRecords.MAX_ERROR_TYPE_LENGTH && type.matches("[A-Za-z0-9_.-]+"), type);
    }
  }

  private static void assertMalformed(String text, String expected) {
    MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> read(text, T0_MS, T0_MS + 1));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
