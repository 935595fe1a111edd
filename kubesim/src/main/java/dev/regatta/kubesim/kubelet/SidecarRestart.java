package dev.regatta.kubesim.kubelet;

import java.time.Instant;

/**
 * One restart of a native sidecar: how its last run ended and when the new one started (null: it could not
 * start, see error).
 *
 * @param restartCount restarts of this sidecar so far, this one included
 */
public record SidecarRestart(String name, int restartCount, int exitCode, Instant finishedAt, Instant startedAt,
    String error) {}
