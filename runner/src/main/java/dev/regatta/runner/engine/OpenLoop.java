package dev.regatta.runner.engine;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Open model on one event loop. The arrival schedule, not the replies, decides when operations are sent:
 * this loop owns every {@code stride}-th slot of the schedule (slot k goes to loop k mod stride). A due slot
 * is sent on a free connection with {@code t0} = its intended time, so latency counts from when it should
 * have been sent. A due slot with no free connection waits, and is sent as soon as a connection frees (its
 * latency then includes the wait); one still waiting {@link #DROP_AFTER_NANOS} after its intended time is
 * dropped: counted in {@code dropped}, never sent. Once every slot is sent or dropped, the loop waits for
 * the operations in flight (each ends by reply, failure or timeout), so every measured slot is either in
 * {@code count} or in {@code dropped}.
 */
final class OpenLoop extends EventLoop {
  /** A due operation not sent within this long of its intended time (no free connection) is dropped. */
  static final long DROP_AFTER_NANOS = LoadDriver.DROP_AFTER_NANOS;

  private final ArrivalSchedule schedule;
  private final int stride;
  private final StopSignal stop;
  private final ArrayDeque<LoopSlot> free = new ArrayDeque<>();
  private long base;
  private long cursor;
  private long total;
  /** When the loop must look at the schedule again: the next due slot, or the waiting slot's drop bound. */
  private long nextDue;
  private int inFlight;

  OpenLoop(LoadClock clock, LoopWaiter waiter, long timeoutNanos, ArrivalSchedule schedule, int index, int stride,
      StopSignal stop) {
    super(clock, waiter, timeoutNanos);
    this.stop = stop;
    this.schedule = schedule;
    this.stride = stride;
    this.cursor = index;
  }

  @Override
  void loop(long base) throws IOException {
    this.base = base;
    this.total = schedule.totalSlots();
    lastEnd = base + schedule.warmupNanos();
    free.addAll(slots);
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        abandon();
        return;
      }
      long now = clock.nanoTime();
      dispatch(now);
      checkTimeouts(now);
      if (cursor >= total && inFlight == 0) {
        return;
      }
      await(now, nextDue);
    }
  }

  /** Sends every due slot a free connection can take; drops those past the bound. */
  private void dispatch(long now) {
    while (cursor < total) {
      long intended = base + schedule.intendedNanos(cursor);
      if (stop.requested() && intended - stop.atNanos() >= 0) {
        // stopped: the schedule ends here (later slots are outside the window that was measured); what is in
        // flight ends by reply, failure or timeout as at a window's end
        total = cursor;
        break;
      }
      if (stop.requested()) {
        // due before the stop and not sent yet: nothing is sent after a stop, so it is dropped
        if (schedule.isMeasured(cursor)) {
          recorder.drop(slots.get(0).ops);
        }
        cursor += stride;
        continue;
      }
      if (intended - now > 0) {
        nextDue = intended;
        return;
      }
      boolean measured = schedule.isMeasured(cursor);
      if (now - intended > DROP_AFTER_NANOS) {
        if (measured) {
          recorder.drop(slots.get(0).ops);
        }
        cursor += stride;
        continue;
      }
      LoopSlot s = free.poll();
      if (s == null) {
        nextDue = intended + DROP_AFTER_NANOS + 1; // wake to drop it if no connection frees before
        return;
      }
      cursor += stride;
      s.t0 = intended;
      s.measured = measured;
      if (begin(s, now)) {
        inFlight++;
      } else {
        free.push(s); // the failure is recorded; the connection (reconnected, or not) takes the next slot
      }
    }
    nextDue = Long.MAX_VALUE;
  }

  @Override
  void ended(LoopSlot s, long now) {
    inFlight--;
    free.push(s);
    dispatch(now);
  }

  /** Interrupted (the run is stopping): every slot not completed is accounted for as dropped. */
  private void abandon() {
    int ops = slots.get(0).ops;
    for (LoopSlot s : slots) {
      if (s.inFlight && s.measured) {
        recorder.drop(ops);
      }
      s.inFlight = false;
      quiet(s);
    }
    for (; cursor < total; cursor += stride) {
      if (schedule.isMeasured(cursor)) {
        recorder.drop(ops);
      }
    }
  }
}
