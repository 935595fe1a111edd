package dev.regatta.kubesim.testing;

import dev.regatta.kubesim.Timers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock that moves only when a test says, and the timers that fire as it passes them. */
public final class ManualTime extends Clock implements Timers {
  private Instant now;
  private final List<Pending> pending = new ArrayList<>();

  private static final class Pending {
    final Instant due;
    final Runnable task;
    boolean cancelled;

    Pending(Instant due, Runnable task) {
      this.due = due;
      this.task = task;
    }
  }

  public ManualTime(Instant start) {
    this.now = start;
  }

  /** Moves the clock on, running every timer it passes, in the order they are due. */
  public void advance(Duration d) {
    Instant until = now.plus(d);
    while (true) {
      Pending next = pending.stream().filter(p -> !p.cancelled && !p.due.isAfter(until))
          .min(Comparator.comparing(p -> p.due)).orElse(null);
      if (next == null) {
        break;
      }
      pending.remove(next);
      now = next.due;
      next.task.run();
    }
    now = until;
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    Pending p = new Pending(now.plus(delay), task);
    pending.add(p);
    return () -> p.cancelled = true;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
