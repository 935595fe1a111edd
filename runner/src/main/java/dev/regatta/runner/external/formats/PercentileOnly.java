package dev.regatta.runner.external.formats;

import java.util.Map;

/**
 * What a tool that prints only a summary reports: its request count, errors, the length of its own window and
 * its percentiles (percentile to microseconds). It has no histogram, so it is a pod's own row and never merges.
 */
public record PercentileOnly(long count, long errors, Map<String, Long> errorsByType, double durationSeconds,
    Map<Double, Long> percentileMicros, long bytesReceived) {}
