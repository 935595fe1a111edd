package dev.regatta.operator.reconcile.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces status writes that only change pod counts. At 1,000 pods every pod event (a pod starting, a runner
 * reporting ready or done, a pod exiting) would otherwise be a status write; counts are for humans watching
 * {@code kubectl get br}, so they are written at most once per {@link #interval} while a run is Starting or
 * Running. Anything else (a phase change, a failure, a condition that changes meaning) is written at once, with
 * the counts of that moment.
 *
 * <p>The only thing remembered is when each run's status was last written, and only to space writes: nothing
 * a reconcile decides depends on it. A deferred write is not lost: the reconcile asks to be run again when it
 * is due, and then recomputes the counts from the cluster. After an operator restart the map is empty, which
 * costs at most one early write per run. Used by {@link StatusRecorder}.
 */
public final class StatusThrottle {
  /** Default spacing of count-only status writes. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  private final Duration interval;
  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

  public StatusThrottle(Duration interval) {
    this.interval = interval;
  }

  public Duration interval() {
    return interval;
  }

  /**
   * When a count-only change may be written: now if the run's status was not written within the interval,
   * else the instant it may be.
   */
  public Instant dueAt(String run, Instant now) {
    Instant last = lastWrite.get(run);
    return last == null ? now : last.plus(interval);
  }

  public void wrote(String run, Instant now) {
    // An entry older than the interval says nothing a missing one does not (due now): drop those, so runs deleted
    // while Starting or Running (never forgotten by a finished phase) do not stay here.
    lastWrite.values().removeIf(t -> !t.plus(interval).isAfter(now));
    lastWrite.put(run, now);
  }

  public void forget(String run) {
    lastWrite.remove(run);
  }

  /**
   * True when the two statuses differ only in pod counts: {@code pods}, {@code podSummary}, and the message of
   * a RunnersReady condition that is still waiting ("k/n runners ready") with the same status and reason.
   */
  public static boolean countsOnly(JsonNode before, JsonNode after) {
    return withoutCounts(before).equals(withoutCounts(after));
  }

  private static JsonNode withoutCounts(JsonNode status) {
    ObjectNode s = status.deepCopy();
    s.remove("pods");
    s.remove("podSummary");
    JsonNode conditions = s.get("conditions");
    if (conditions != null && conditions.isArray()) {
      for (JsonNode c : conditions) {
        if (Conditions.RUNNERS_READY.equals(c.path("type").asText()) && "Waiting".equals(c.path("reason").asText())
            && c instanceof ObjectNode o) {
          o.remove("message");
        }
      }
    }
    return s;
  }
}
