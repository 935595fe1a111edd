package dev.regatta.report.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One row compared with the same row (scenario, params, region) of the baseline.
 *
 * @param throughputChangePercent (current - baseline) / baseline × 100; negative is slower
 * @param p99ChangePercent (current - baseline) / baseline × 100; positive is slower
 * @param regression throughput fell, or p99 rose, by more than the threshold
 * @param note why a row could not be compared (missing on one side), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowChange(
    String scenario,
    Map<String, String> params,
    String region,
    Double baselineThroughput,
    Double throughput,
    Double throughputChangePercent,
    Long baselineP99Micros,
    Long p99Micros,
    Double p99ChangePercent,
    boolean regression,
    String note) {}
