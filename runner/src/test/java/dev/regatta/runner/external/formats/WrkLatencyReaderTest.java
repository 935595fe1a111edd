package dev.regatta.runner.external.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkLatencyReaderTest {
  private static final String OUTPUT = """
      Running 10s test @ http://127.0.0.1:8080/
        2 threads and 10 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency   635.91us    0.89ms  12.92ms   93.69%
          Req/Sec    56.20k     8.07k   62.00k    86.54%
        Latency Distribution
           50%  250.00us
           75%  491.00us
           90%  700.00us
           99%    5.80ms
        1120540 requests in 10.01s, 165.53MB read
        Socket errors: connect 0, read 2, write 0, timeout 3
        Non-2xx or 3xx responses: 12
      Requests/sec: 111966.81
      Transfer/sec:     16.54MB
      """;

  private static PercentileOnly read(String text) throws Exception {
    return new WrkLatencyReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsTheTableTheCountAndTheErrors() throws Exception {
    PercentileOnly p = read(OUTPUT);
    assertEquals(Map.of(50.0, 250L, 75.0, 491L, 90.0, 700L, 99.0, 5800L), p.percentileMicros());
    assertEquals(1_120_540, p.count());
    assertEquals(10.01, p.durationSeconds(), 1e-9);
    assertEquals(17, p.errors());
    assertEquals(Map.of("socket_read", 2L, "socket_timeout", 3L, "http_non_2xx_3xx", 12L), p.errorsByType());
    assertEquals(Math.round(165.53 * 1024 * 1024), p.bytesReceived());
  }

  @Test
  void withoutTheTableOrTheSummaryLineItSaysWhatIsMissing() {
    String noTable = OUTPUT.replaceAll("(?m)^\\s+\\d+%.*\\n", "");
    assertMalformed(noTable, "--latency");
    String cut = OUTPUT.substring(0, OUTPUT.indexOf("1120540"));
    assertMalformed(cut, "did not finish");
    assertMalformed("", "--latency");
    assertMalformed("{\"t_ms\": 1}\n", "--latency");
  }

  private static void assertMalformed(String text, String expected) {
    MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> read(text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
