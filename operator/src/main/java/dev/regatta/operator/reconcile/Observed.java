package dev.regatta.operator.reconcile;

import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the informer caches say about one run's objects. Nothing is remembered between reconciles. */
record Observed(Map<String, Job> jobs, List<Pod> pods, Map<String, ConfigMap> configMaps) {

  static Observed of(Context<BenchmarkRun> ctx) {
    Map<String, Job> jobs = new HashMap<>();
    ctx.getSecondaryResources(Job.class).forEach(j -> jobs.put(j.getMetadata().getName(), j));
    Map<String, ConfigMap> maps = new HashMap<>();
    ctx.getSecondaryResources(ConfigMap.class).forEach(c -> maps.put(c.getMetadata().getName(), c));
    return new Observed(jobs, List.copyOf(ctx.getSecondaryResources(Pod.class)), maps);
  }

  Optional<ConfigMap> configMap(String name) {
    return Optional.ofNullable(configMaps.get(name));
  }

  long podsInPhase(String phase) {
    return pods.stream().filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase())).count();
  }

  /** The newest pod of a slot (a retried index has several). */
  Optional<Pod> podOf(RunObjects.Slot slot) {
    return pods.stream()
        .filter(p -> p.getMetadata().getLabels() != null
            && slot.placement().equals(p.getMetadata().getLabels().get(Protocol.LABEL_PLACEMENT))
            && Objects.equals(Integer.toString(slot.index()),
                p.getMetadata().getLabels().get(PodDiagnosis.JOB_INDEX_LABEL)))
        .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
            : p.getMetadata().getCreationTimestamp()));
  }
}
