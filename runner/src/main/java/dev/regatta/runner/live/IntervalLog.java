package dev.regatta.runner.live;

import dev.regatta.live.LiveAnswer;
import dev.regatta.live.LiveInterval;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The closed intervals a runner keeps for the operator to pull: the last {@link LiveAnswer#KEPT}, so a runner's
 * memory for them is bounded however long the run is (the operator pulls every interval; the rest is slack for a
 * slow or restarted operator). Appended by the ticker, read by the live endpoint.
 */
public final class IntervalLog {
  private final int kept;
  private final ArrayDeque<LiveInterval> intervals = new ArrayDeque<>();
  private long latest;

  public IntervalLog() {
    this(LiveAnswer.KEPT);
  }

  IntervalLog(int kept) {
    this.kept = kept;
  }

  /** The next interval's seq. */
  synchronized long nextSeq() {
    return latest + 1;
  }

  synchronized void append(LiveInterval i) {
    if (i.seq() != latest + 1) {
      throw new IllegalArgumentException("interval " + i.seq() + " after " + latest);
    }
    intervals.addLast(i);
    latest = i.seq();
    while (intervals.size() > kept) {
      intervals.removeFirst();
    }
  }

  /** The intervals after {@code cursor}, oldest first, at most {@code max}. */
  public synchronized List<LiveInterval> after(long cursor, int max) {
    List<LiveInterval> out = new ArrayList<>();
    for (LiveInterval i : intervals) {
      if (i.seq() > cursor && out.size() < max) {
        out.add(i);
      }
    }
    return out;
  }

  /** The oldest seq held (latest + 1 when none is). */
  public synchronized long oldest() {
    return intervals.isEmpty() ? latest + 1 : intervals.peekFirst().seq();
  }

  public synchronized long latest() {
    return latest;
  }
}
