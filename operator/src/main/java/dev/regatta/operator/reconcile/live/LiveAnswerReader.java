package dev.regatta.operator.reconcile.live;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.live.LiveAnswer;
import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Reads a runner's live answer and refuses anything that is not one: a runner is not trusted to be well (a bug, a
 * wrong image, something else on the port). Every interval's histogram is decoded here and its total must equal
 * the interval's count, so a garbled interval never reaches the fleet's sums.
 */
final class LiveAnswerReader {
  /** An answer holds at most {@link LiveAnswer#MAX_PER_ANSWER} intervals of a few KiB: a bigger body is not one. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private LiveAnswerReader() {}

  /** An interval with its decoded histogram. */
  record Read(LiveInterval interval, Histogram histogram) {}

  /** A readable answer: the runner's instance and its intervals after the cursor, in order. */
  record Answer(String instance, long latest, List<Read> intervals) {}

  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  static Answer read(byte[] body, long cursor) throws Unreadable {
    if (body.length > MAX_BODY_BYTES) {
      throw new Unreadable("answer of " + body.length + " bytes, more than " + MAX_BODY_BYTES);
    }
    LiveAnswer a;
    try {
      a = JSON.readValue(body, LiveAnswer.class);
    } catch (Exception e) {
      throw new Unreadable("not a live answer (" + e.getClass().getSimpleName() + ")");
    }
    if (a == null || a.version() != LiveAnswer.VERSION) {
      throw new Unreadable("answer version " + (a == null ? "none" : a.version()) + ", expected " + LiveAnswer.VERSION);
    }
    if (a.instance() == null || a.instance().isEmpty() || a.instance().length() > 64) {
      throw new Unreadable("answer without a runner instance");
    }
    List<LiveInterval> in = a.intervals() == null ? List.of() : a.intervals();
    if (in.size() > LiveAnswer.MAX_PER_ANSWER) {
      throw new Unreadable(in.size() + " intervals in one answer, at most " + LiveAnswer.MAX_PER_ANSWER);
    }
    List<Read> out = new ArrayList<>(in.size());
    long last = cursor;
    for (LiveInterval i : in) {
      if (i == null || i.seq() <= last) {
        throw new Unreadable("intervals out of order after cursor " + cursor);
      }
      last = i.seq();
      if (i.scenario() == null || i.count() < 0 || i.errors() < 0 || i.errors() > i.count() || i.dropped() < 0
          || i.bytes() < 0 || i.endMillis() < i.startMillis() || i.repeat() < 0) {
        throw new Unreadable("interval " + i.seq() + " has impossible figures");
      }
      Histogram h;
      try {
        h = Histograms.decode(i.histogram());
      } catch (IllegalArgumentException e) {
        throw new Unreadable("interval " + i.seq() + ": " + e.getMessage());
      }
      if (h.getTotalCount() != i.count()) {
        throw new Unreadable("interval " + i.seq() + " counts " + i.count() + " operations but its histogram "
            + h.getTotalCount());
      }
      out.add(new Read(i, h));
    }
    return new Answer(a.instance(), a.latest(), out);
  }
}
