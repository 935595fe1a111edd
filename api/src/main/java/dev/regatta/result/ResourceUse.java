package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the runner process and pod used during one measured window, read from /proc: CPU seconds of the
 * runner process, its peak resident set, and the pod's network bytes (all interfaces but lo).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceUse(Double cpuSeconds, Long peakRssBytes, Long netRxBytes, Long netTxBytes) {}
