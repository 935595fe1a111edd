package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the runner process and pod used during one window (its warm-up and measured time), read from /proc: CPU
 * seconds of the runner process, the cores it kept busy on average (CPU seconds / wall seconds of the same
 * interval), its peak resident set, and the pod's network bytes (all interfaces but lo; zero where the pod
 * shares the host's loopback, as in local mode: the rows' network figures come from the runner's own
 * connections instead, see ScenarioResult.bytesSent).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceUse(Double cpuSeconds, Long peakRssBytes, Long netRxBytes, Long netTxBytes, Double cpuCores) {
  public ResourceUse(Double cpuSeconds, Long peakRssBytes, Long netRxBytes, Long netTxBytes) {
    this(cpuSeconds, peakRssBytes, netRxBytes, netTxBytes, null);
  }
}
