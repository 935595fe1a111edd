package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The result document: the runner's --json output, each pod's stored result, and (with pod fields
 * empty) the operator's merged document. Field names are a contract; tools read them.
 *
 * @param measuredStartEpochMicros when this runner actually began its first measured window, for start skew
 * @param failure set when the runner stopped early; the scenarios it finished are still here
 * @param attempt which attempt at this index the pod was (1: the first; a replacement of a failed pod counts up)
 * @param replaced the pods this index ran on before this one, and whether each was lost while measuring
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
    List<Replaced> replaced) {

  public static final String FORMAT_VERSION = "regatta.dev/result/v1";

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

  /** A standalone document (no pod identity), as the CLI writes with --json. */
  public static ResultDocument standalone(List<ScenarioResult> scenarios) {
    return new ResultDocument(FORMAT_VERSION, null, null, null, null, null, null, null, null, null, null, null,
        scenarios, null);
  }
}
