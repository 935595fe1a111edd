package dev.regatta.runner.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecorderTest {
  @Test
  void recordingASuccessAllocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long me = Thread.currentThread().getId();
    Recorder r = new Recorder();
    for (int i = 0; i < 200_000; i++) { // warm up: let the JIT compile the path first
      r.success(i % 5000, 10);
    }
    long before = threads.getThreadAllocatedBytes(me);
    for (int i = 0; i < 1_000_000; i++) {
      r.success(i % 50_000, 10);
    }
    long allocated = threads.getThreadAllocatedBytes(me) - before;
    assertTrue(allocated < 10_000, "1M recordings allocated " + allocated + " bytes");
    assertEquals(1_200_000, r.count());
    assertEquals(1_200_000, r.histogram().getTotalCount());
  }

  @Test
  void addingUpKeepsEveryFigure() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    a.success(100, 5);
    a.failure("timeout", 10_000_000, 1);
    b.success(200, 7, 4);
    b.failure("timeout", 5, 1);
    b.failure("http_5xx", 5, 1);
    b.drop();
    Recorder total = new Recorder();
    total.add(a);
    total.add(b);
    assertEquals(8, total.count());
    assertEquals(3, total.errors());
    assertEquals(12, total.bytes());
    assertEquals(1, total.dropped());
    assertEquals(Map.of("http_5xx", 1L, "timeout", 2L), total.errorsByType());
    assertEquals(8, total.histogram().getTotalCount());
  }
}
