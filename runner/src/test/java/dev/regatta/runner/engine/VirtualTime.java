package dev.regatta.runner.engine;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Virtual time for the event loops: the clock stands still while the loop works and jumps to the next event
 * (a simulated reply) or the loop's deadline when it waits. A window of seconds runs in milliseconds, and the
 * same inputs give the same figures every time. One loop (one thread) per instance.
 */
final class VirtualTime implements LoadClock, LoopWaiter {
  private record Event(long at, long seq, Runnable action) {}

  private final PriorityQueue<Event> events =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private volatile long now = 1_000_000_000L;
  private long seq;

  @Override
  public long nanoTime() {
    return now;
  }

  /** Runs {@code action} when virtual time reaches {@code at}. */
  synchronized void at(long at, Runnable action) {
    events.add(new Event(at, seq++, action));
  }

  EventLoopDriver.Timing timing() {
    return new EventLoopDriver.Timing(this, park -> this, 1);
  }

  @Override
  public Selector selector() {
    return null;
  }

  @Override
  public void await(long deadline, Consumer<SelectionKey> ready) {
    Event next;
    synchronized (this) {
      next = events.peek();
      if (next == null || next.at - deadline > 0) {
        now = Math.max(now, deadline);
        return;
      }
      now = Math.max(now, next.at);
    }
    // every event due now, in order
    while (true) {
      Event e;
      synchronized (this) {
        e = events.peek();
        if (e == null || e.at - now > 0) {
          return;
        }
        events.poll();
      }
      e.action.run();
    }
  }

  @Override
  public void wakeup() {}

  @Override
  public void pause(long nanos) {
    now += nanos;
  }

  @Override
  public void close() {}
}
