package dev.regatta.runner.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.live.LiveAnswer;
import dev.regatta.live.LiveInterval;
import dev.regatta.protocol.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final IntervalLog log = new IntervalLog();
  private LiveServer server;

  @BeforeEach
  void start() throws Exception {
    server = LiveServer.start("127.0.0.1", 0, log, 5000);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + Protocol.LIVE_PATH
        + query)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void append(int n) {
    for (int i = 0; i < n; i++) {
      long seq = log.nextSeq();
      log.append(new LiveInterval(seq, seq - 1, "get", Map.of("size", "1"), 0, seq * 5000, seq * 5000 + 5000, false, seq,
          0, 0, 10, null, null, "HISTOGRAM"));
    }
  }

  @Test
  void answersTheIntervalsAfterTheCursorAtMostAPageAtATime() throws Exception {
    LiveAnswer empty = JSON.readValue(get("").body(), LiveAnswer.class);
    assertEquals(LiveAnswer.VERSION, empty.version());
    assertEquals(0, empty.latest());
    assertEquals(0, empty.intervals().size());
    assertEquals(5000, empty.intervalMillis());

    append(LiveAnswer.MAX_PER_ANSWER + 5);
    LiveAnswer first = JSON.readValue(get("?after=0").body(), LiveAnswer.class);
    assertEquals(LiveAnswer.MAX_PER_ANSWER, first.intervals().size());
    assertEquals(1, first.intervals().get(0).seq());
    assertEquals(LiveAnswer.MAX_PER_ANSWER + 5, first.latest());
    long cursor = first.intervals().get(first.intervals().size() - 1).seq();
    LiveAnswer rest = JSON.readValue(get("?after=" + cursor).body(), LiveAnswer.class);
    assertEquals(5, rest.intervals().size());
    assertEquals(cursor + 1, rest.intervals().get(0).seq());
    assertEquals(first.instance(), rest.instance());
    assertEquals("HISTOGRAM", rest.intervals().get(0).histogram());
  }

  @Test
  void refusesACursorThatIsNotAWholeNumber() throws Exception {
    assertEquals(400, get("?after=abc").statusCode());
    assertEquals(400, get("?after=-1").statusCode());
    assertEquals(400, get("?after=99999999999999999999999").statusCode());
    assertEquals(200, get("?after=5").statusCode());
    assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + Protocol.LIVE_PATH)).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void aRestartedRunnerHasAnotherInstance() throws Exception {
    LiveAnswer a = JSON.readValue(get("").body(), LiveAnswer.class);
    try (LiveServer other = LiveServer.start("127.0.0.1", 0, log, 5000)) {
      assertNotEquals(server.port(), other.port());
      LiveAnswer b = JSON.readValue(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port()
          + Protocol.LIVE_PATH)).build(), HttpResponse.BodyHandlers.ofString()).body(), LiveAnswer.class);
      assertNotEquals(a.instance(), b.instance());
    }
  }
}
