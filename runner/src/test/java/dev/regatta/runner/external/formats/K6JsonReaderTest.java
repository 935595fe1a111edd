package dev.regatta.runner.external.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.runner.record.Recorder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class K6JsonReaderTest {
  private static final Instant T0 = Instant.parse("2026-11-28T05:00:00Z");

  private static String point(String metric, Instant t, double value, String status) {
    return "{\"type\":\"Point\",\"metric\":\"" + metric + "\",\"data\":{\"time\":\"" + t.toString().replace("Z", "+00:00")
        + "\",\"value\":" + value + ",\"tags\":{\"method\":\"GET\",\"status\":\"" + status + "\",\"url\":\"http://x/\"}}}\n";
  }

  /** The lines k6 writes for one request, in its order. */
  private static String request(Instant t, double ms, boolean failed, String status) {
    return point("http_reqs", t, 1, status) + point("http_req_duration", t, ms, status)
        + point("http_req_waiting", t, ms, status) + point("http_req_failed", t, failed ? 1 : 0, status);
  }

  private static Recorder read(String text, Instant start, Instant end) throws Exception {
    Recorder r = new Recorder();
    new K6JsonReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        new ToolRecords(r, start.toEpochMilli() * 1000, end.toEpochMilli() * 1000));
    return r;
  }

  @Test
  void eachDurationPointIsOneRequestAndItsFailedPointMakesItAnError() throws Exception {
    String text = "{\"type\":\"Metric\",\"data\":{\"name\":\"http_req_duration\",\"type\":\"trend\"},\"metric\":\"http_req_duration\"}\n"
        + request(T0.minusMillis(5), 500, false, "200")            // warm-up
        + request(T0, 1.25, false, "200")
        + request(T0.plusMillis(1), 2.5, true, "503")
        + request(T0.plusMillis(2), 4, true, "0")
        + point("http_req_duration", T0.plusMillis(3), 8, "200"); // its failed point never came
    Recorder r = read(text, T0, T0.plusSeconds(1));
    assertEquals(4, r.count());
    assertEquals(2, r.errors());
    assertEquals(Map.of("http_503", 1L, "k6_failed", 1L), r.errorsByType());
    assertEquals(1250, r.histogram().getMinValue(), 1);
    assertEquals(8000, r.histogram().getMaxValue(), 8);
  }

  @Test
  void wrongFormatAndBadPointsAreClearErrors() {
    assertMalformed("{\"t_ms\": 1, \"latency_ms\": 2}\n", "not a k6 JSON output line");
    assertMalformed(point("http_req_duration", T0, -3, "200"), "negative");
    assertMalformed(point("http_req_duration", T0, 3, "200").replace("2026-11-28T05:00:00+00:00", "yesterday"),
        "not an RFC 3339 time");
    assertMalformed("{\"type\":\"Point\",\"metric\":\"http_req_duration\"}\n", "needs a data object");
  }

  @Test
  void aTruncatedFileKeepsTheRequestsBeforeTheCut() throws Exception {
    String whole = request(T0, 1, false, "200");
    String text = whole + whole.replace("05:00:00", "05:00:01").substring(0, whole.length() / 2 + 20);
    Recorder r = new Recorder();
    MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> new K6JsonReader().read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ToolRecords.unwindowed(r)));
    assertTrue(e.getMessage().contains("cut off"), e.getMessage());
    assertEquals(2, r.count(), "the complete request and the duration read before the cut");
  }

  private static void assertMalformed(String text, String expected) {
    MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> read(text, T0, T0.plusSeconds(1)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
