package dev.regatta.runner.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class IntervalRecorderTest {
  @Test
  void aDrainTakesWhatWasRecordedAndStartsAnEmptyInterval() {
    IntervalRecorder r = new IntervalRecorder();
    r.success(100, 10, 1);
    r.success(2_000, 20, 4);
    r.failure("timeout", 50_000, 1);
    r.drop(3);
    r.wire(7, 9);
    IntervalCounts first = new IntervalCounts();
    r.drainInto(first);
    assertEquals(6, first.count());
    assertEquals(6, first.histogram().getTotalCount());
    assertEquals(1, first.errors());
    assertEquals(3, first.dropped());
    assertEquals(30, first.bytes());
    assertEquals(7L, first.bytesSent());
    assertEquals(9L, first.bytesReceived());
    assertEquals(50_000, first.histogram().getMaxValue(), 50_000 * 0.001);

    IntervalCounts second = new IntervalCounts();
    r.drainInto(second);
    assertEquals(0, second.count());
    assertEquals(0, second.histogram().getTotalCount());
    assertEquals(0, second.dropped());
    assertNull(second.bytesSent(), "no connection counted wire bytes in the second interval");

    r.success(300, 1, 1);
    IntervalCounts third = new IntervalCounts();
    r.drainInto(third);
    assertEquals(1, third.count());
    assertEquals(300, third.histogram().getMaxValue(), 1);
  }

  /** A writer never stops while the reader drains: nothing is lost or counted twice, each interval is whole. */
  @Test
  void intervalsDrainedWhileAThreadRecordsAddUpToEverythingItRecorded() throws Exception {
    IntervalRecorder r = new IntervalRecorder();
    long total = 2_000_000;
    AtomicBoolean done = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      for (long i = 0; i < total; i++) {
        if (i % 10 == 0) {
          r.failure("reset", 1 + i % 10_000, 1);
        } else {
          r.success(1 + i % 10_000, 3, 1);
        }
        if (i % 7 == 0) {
          r.drop(1);
        }
      }
      done.set(true);
    });
    writer.start();
    IntervalCounts sum = new IntervalCounts();
    int intervals = 0;
    while (!done.get()) {
      IntervalCounts one = new IntervalCounts();
      r.drainInto(one);
      assertEquals(one.count(), one.histogram().getTotalCount(), "an interval's count is its histogram's total");
      sum.add(one);
      intervals++;
    }
    writer.join();
    r.drainInto(sum);
    assertTrue(intervals > 1, "the reader drained while the writer ran");
    assertEquals(total, sum.count());
    assertEquals(total, sum.histogram().getTotalCount());
    assertEquals(total / 10, sum.errors());
    assertEquals((total - total / 10) * 3, sum.bytes());
    assertEquals((total + 6) / 7, sum.dropped());
  }

  @Test
  void recordingAllocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long me = Thread.currentThread().getId();
    IntervalRecorder r = new IntervalRecorder();
    for (int i = 0; i < 200_000; i++) {
      r.success(1 + i % 5000, 10, 1);
      r.drop(1);
    }
    long before = threads.getThreadAllocatedBytes(me);
    for (int i = 0; i < 1_000_000; i++) {
      r.success(1 + i % 50_000, 10, 1);
      r.failure("timeout", 1 + i % 500, 1);
      r.drop(1);
    }
    long allocated = threads.getThreadAllocatedBytes(me) - before;
    assertTrue(allocated < 10_000, "3M recordings allocated " + allocated + " bytes");
  }
}
