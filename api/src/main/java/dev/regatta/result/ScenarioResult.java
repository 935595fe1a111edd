package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One measured window: a scenario at one parameter point, one repeat, on one pod (or, in the operator's
 * merged document, pooled). {@code histogram} is the base64 HdrHistogram V2 compressed encoding (see
 * {@link Histograms}); the {@code latencyMicros} figures are read from it and are for humans only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioResult(
    String name,
    Map<String, String> params,
    int repeat,
    long count,
    long errors,
    Map<String, Long> errorsByType,
    long dropped,
    double durationSeconds,
    double throughputPerSecond,
    double bytesPerSecond,
    long bytes,
    LatencySummary latencyMicros,
    String histogram,
    Long startEpochMicros,
    Long endEpochMicros,
    ResourceUse resources) {}
