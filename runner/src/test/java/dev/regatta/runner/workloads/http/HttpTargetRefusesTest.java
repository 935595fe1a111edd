package dev.regatta.runner.workloads.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.runner.workload.RunContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runner's own refusal, whatever called it: a request is never encoded with a header that would end early
 * (CR/LF injection), and a missing URL is a configuration error, not a NullPointerException.
 */
class HttpTargetRefusesTest {
  private static final RunContext CTX = new RunContext(Duration.ofSeconds(1), null);

  private static HttpWorkload http(String url, Map<String, String> headers) {
    HttpWorkload w = new HttpWorkload();
    w.setUrl(url);
    w.setHeaders(headers);
    return w;
  }

  @Test
  void noUrlIsAConfigurationError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpTarget(http(null, Map.of()), CTX));
    assertEquals("http: url is required", e.getMessage());
  }

  @Test
  void aHeaderWithCrOrLfIsNeverEncoded() {
    for (Map<String, String> h : java.util.List.of(Map.of("X-A", "a\r\nX-Injected: 1"), Map.of("X-A", "a\nb"),
        Map.of("X-A\r\nX-B", "v"), Map.of("Bad Name", "v"), Map.of("X-A", "a\u0000"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new HttpTarget(http("http://127.0.0.1:1/", h), CTX), h.toString());
      assertTrue(e.getMessage().startsWith("http: header"), e.getMessage());
    }
  }

  @Test
  void goodHeadersAreSentAsWritten() {
    HttpTarget t = new HttpTarget(http("http://127.0.0.1:1/p", Map.of("Authorization", "Bearer a b", "X-T", "")), CTX);
    String request = new String(t.request, StandardCharsets.ISO_8859_1);
    assertTrue(request.contains("\r\nAuthorization: Bearer a b\r\n"), request);
    assertTrue(request.contains("\r\nX-T: \r\n"), request);
  }
}
