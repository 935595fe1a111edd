package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The result document: the runner's --json output, each pod's stored result, and (with pod fields
 * empty) the operator's merged document. Field names are a contract; tools read them.
 *
 * @param measuredStartEpochMicros when this runner actually began its first measured window, for start skew
 * @param failure set when the runner stopped early; the scenarios it finished are still here
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
    String failure) {

  public static final String FORMAT_VERSION = "regatta.dev/result/v1";

  /** A standalone document (no pod identity), as the CLI writes with --json. */
  public static ResultDocument standalone(List<ScenarioResult> scenarios) {
    return new ResultDocument(FORMAT_VERSION, null, null, null, null, null, null, null, null, null, null, null,
        scenarios, null);
  }
}
