package dev.regatta.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health script on what no real run in LocalThresholdsTest shows (which runs it on every version
 * of real runs): a phase it does not know, and a message with quotes, a line break and non-ASCII text.
 */
class ArgoHealthTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void lua() {
    ArgoHealth.require();
  }

  private static JsonNode run(String status) throws Exception {
    return JSON.readTree("{\"apiVersion\":\"regatta.dev/v1alpha1\",\"kind\":\"BenchmarkRun\","
        + "\"metadata\":{\"name\":\"r\"},\"status\":" + status + "}");
  }

  @Test
  void aPhaseOfANewerOperatorIsUnknownNotHealthy() throws Exception {
    assertEquals(new ArgoHealth.Result("Unknown", "unknown phase Paused"), ArgoHealth.of(run("{\"phase\":\"Paused\"}")));
  }

  @Test
  void messagesPassThroughWhateverTheyHold() throws Exception {
    String message = "a \\\"quoted\\\" p99 of 7µs\\nand a second line \\\\ done";
    ArgoHealth.Result r = ArgoHealth.of(run("{\"phase\":\"Running\",\"message\":\"" + message + "\"}"));
    assertEquals(new ArgoHealth.Result("Progressing", "Running: a \"quoted\" p99 of 7µs\nand a second line \\ done"), r);
  }

  @Test
  void aFailedRunWithoutConditionsIsStillDegraded() throws Exception {
    assertEquals(new ArgoHealth.Result("Degraded", "failed: "), ArgoHealth.of(run("{\"phase\":\"Failed\"}")));
    assertEquals(new ArgoHealth.Result("Healthy", ""), ArgoHealth.of(run("{\"phase\":\"Succeeded\"}")));
  }
}
