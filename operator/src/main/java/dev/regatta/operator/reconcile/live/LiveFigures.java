package dev.regatta.operator.reconcile.live;

import java.util.Map;

/**
 * The fleet's live figures at one moment: its last complete interval and the run so far (exact percentiles from
 * the added-up histograms), what status.progress shows.
 */
public record LiveFigures(String scenario, Map<String, String> params, int repeat, long intervalEndMillis,
    double intervalSeconds, double throughputPerSecond, double megabytesPerSecond, long p50Micros, long p99Micros,
    long runP50Micros, long runP99Micros, long count, long errors, long dropped, int podsReporting) {}
