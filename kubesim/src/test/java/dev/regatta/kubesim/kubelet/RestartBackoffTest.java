package dev.regatta.kubesim.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  @Test
  void sidecarRestartsBackOffAsTheKubeletsDo() {
    assertEquals(Duration.ZERO, RestartBackoff.before(1));
    assertEquals(Duration.ofSeconds(10), RestartBackoff.before(2));
    assertEquals(Duration.ofSeconds(20), RestartBackoff.before(3));
    assertEquals(Duration.ofSeconds(160), RestartBackoff.before(6));
    assertEquals(Duration.ofMinutes(5), RestartBackoff.before(7));
    assertEquals(Duration.ofMinutes(5), RestartBackoff.before(1000));
  }
}
