package dev.regatta.operator.reconcile.collect;

import dev.regatta.operator.reconcile.PodDiagnosis;
import dev.regatta.operator.results.PodFacts;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The fault screen's view of the pods the operator's informer holds for a run. */
final class SeenPodFacts implements PodFacts {
  private final Map<String, Pod> byName = new HashMap<>();

  SeenPodFacts(Collection<Pod> pods) {
    pods.forEach(p -> byName.put(p.getMetadata().getName(), p));
  }

  @Override
  public String failure(String pod) {
    Pod p = byName.get(pod);
    return p == null ? null : PodDiagnosis.failure(p);
  }

  @Override
  public Map<String, Integer> sidecarRestarts(String pod) {
    Pod p = byName.get(pod);
    return p == null ? Map.of() : PodDiagnosis.sidecarRestarts(p);
  }

  @Override
  public String lastTermination(String pod, String container) {
    Pod p = byName.get(pod);
    return p == null ? "" : PodDiagnosis.lastTermination(p, container);
  }
}
