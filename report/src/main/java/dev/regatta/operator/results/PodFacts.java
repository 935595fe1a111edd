package dev.regatta.operator.results;

import java.util.Map;

/**
 * What the caller of {@link FaultScreen} knows about a run's pods beyond their result documents: the operator
 * answers from its informer cache; a report that only reads documents knows nothing ({@link #NONE}). An
 * interface rather than fabric8 Pods, so the screen stays pure and needs no part of the operator.
 */
public interface PodFacts {
  /** Knows no pod: no failure text, no restarts. */
  PodFacts NONE = new PodFacts() {
    @Override
    public String failure(String pod) {
      return null;
    }

    @Override
    public Map<String, Integer> sidecarRestarts(String pod) {
      return Map.of();
    }

    @Override
    public String lastTermination(String pod, String container) {
      return "";
    }
  };

  /** How the pod failed, in one line ("pod NAME: exit code 137 ..."), or null when unknown or not failed. */
  String failure(String pod);

  /** Restarts per native sidecar of the pod; empty when none or unknown. */
  Map<String, Integer> sidecarRestarts(String pod);

  /** How the container's last instance ended (e.g. "exit code 137"), or "" when unknown. */
  String lastTermination(String pod, String container);
}
