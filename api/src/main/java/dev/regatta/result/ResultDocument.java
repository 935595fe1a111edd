package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result document: the runner's --json output, each pod's stored result, and (with pod fields
 * empty) the operator's merged document. Field names are a contract; tools read them.
 *
 * @param measuredStartEpochMicros when this runner actually began its first measured window, for start skew
 * @param failure set when the runner stopped early; the scenarios it finished are still here
 * @param attempt which attempt at this index the pod was (1: the first; a replacement of a failed pod counts up)
 * @param replaced the pods this index ran on before this one, and whether each was lost while measuring
 * @param stopped set when the runner was stopped before its plan ended (SIGTERM); the window it cut short is in
 *     {@code scenarios} with the time it really measured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultDocument(
    String version,
    String run,
    String namespace,
    String pod,
    String placement,
    String region,
    String zone,
    Integer index,
    String node,
    String startAt,
    Long measuredStartEpochMicros,
    String finishedAt,
    List<ScenarioResult> scenarios,
    String failure,
    Integer attempt,
    List<Replaced> replaced,
    Stopped stopped) {

  public static final String FORMAT_VERSION = "regatta.dev/result/v1";

  /** A document of a runner that was not stopped early. */
  public ResultDocument(String version, String run, String namespace, String pod, String placement, String region,
      String zone, Integer index, String node, String startAt, Long measuredStartEpochMicros, String finishedAt,
      List<ScenarioResult> scenarios, String failure, Integer attempt, List<Replaced> replaced) {
    this(version, run, namespace, pod, placement, region, zone, index, node, startAt, measuredStartEpochMicros,
        finishedAt, scenarios, failure, attempt, replaced, null);
  }

  /** A document without retry history (the first attempt, or a writer that does not know it). */
  public ResultDocument(String version, String run, String namespace, String pod, String placement, String region,
      String zone, Integer index, String node, String startAt, Long measuredStartEpochMicros, String finishedAt,
      List<ScenarioResult> scenarios, String failure) {
    this(version, run, namespace, pod, placement, region, zone, index, node, startAt, measuredStartEpochMicros,
        finishedAt, scenarios, failure, null, null);
  }

  /**
   * An earlier pod of the same index, replaced by the Job controller after it failed or was evicted.
   *
   * @param state {@code measuring} when it had reached the start instant (what it measured is lost), or
   *     {@code before-start}
   */
  public record Replaced(String pod, String state) {
    public boolean lostMeasurements() {
      return "measuring".equals(state);
    }
  }

  /**
   * The runner was stopped before its plan ended: SIGTERM, when its Job was suspended (an aborted run) or its pod
   * deleted or evicted. It stopped load at once and wrote what it had measured.
   *
   * @param reason why: {@value #TERMINATED} for SIGTERM
   * @param at when the stop came (RFC 3339)
   * @param scenario the window it cut short (with params and repeat), or null when the stop came between
   *     windows or in a warm-up (then every window in the document is whole)
   * @param measuredSeconds how long the cut window measured: its {@code durationSeconds}, which its throughput
   *     counts
   * @param plannedSeconds how long it would have measured (null for a window bounded by iterations only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Stopped(String reason, String at, String scenario, Map<String, String> params, Integer repeat,
      Double measuredSeconds, Double plannedSeconds) {
    public static final String TERMINATED = "terminated";

    /** True when {@code r} is the window this stop cut short. */
    public boolean cut(ScenarioResult r) {
      return scenario != null && scenario.equals(r.name()) && repeat != null && repeat == r.repeat()
          && Objects.equals(params == null ? Map.of() : params, r.params() == null ? Map.of() : r.params());
    }

    /** One line: what was cut, and how much of it was measured. */
    public String describe() {
      if (scenario == null) {
        return "stopped (" + reason + ") between windows; every window it sent is whole";
      }
      String point = scenario + (params == null || params.isEmpty() ? "" : " " + params) + " repeat " + repeat;
      return "stopped (" + reason + ") " + seconds(measuredSeconds) + " into"
          + (plannedSeconds == null ? "" : " its " + seconds(plannedSeconds)) + " window of " + point
          + "; that window counts the " + seconds(measuredSeconds) + " it measured";
    }

    private static String seconds(Double s) {
      return s == null ? "?" : (Math.round(s * 1000) / 1000.0) + " s";
    }
  }

  /** A standalone document (no pod identity), as the CLI writes with --json. */
  public static ResultDocument standalone(List<ScenarioResult> scenarios) {
    return new ResultDocument(FORMAT_VERSION, null, null, null, null, null, null, null, null, null, null, null,
        scenarios, null);
  }
}
