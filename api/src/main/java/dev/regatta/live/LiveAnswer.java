package dev.regatta.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A runner's answer to {@code GET /live/intervals?after=N} (docs/PROTOCOL.md, "Live intervals").
 *
 * @param version {@link #VERSION}; a reader refuses others
 * @param instance random per runner process: a new one means a restarted runner, whose {@code seq} starts again
 * @param intervalMillis the run's live interval
 * @param oldest the oldest seq the runner still holds (older ones were dropped: it keeps {@link #KEPT})
 * @param latest the newest seq closed so far (0: none yet)
 * @param intervals those after the cursor, oldest first, at most {@link #MAX_PER_ANSWER}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveAnswer(int version, String instance, long intervalMillis, long oldest, long latest,
    List<LiveInterval> intervals) {
  public static final int VERSION = 1;
  /** Intervals a runner keeps for pulls: at 5 s, the last ten minutes. */
  public static final int KEPT = 120;
  /** Intervals in one answer, so one answer stays small (a few KiB each) whatever the cursor. */
  public static final int MAX_PER_ANSWER = 24;
}
