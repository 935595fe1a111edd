package dev.regatta.operator.reconcile;

import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the informer caches say about one run's objects. Nothing is remembered between reconciles.
 *
 * <p>Only this run's own objects count: the run label alone would also match those of an earlier run of the
 * same name that is still being garbage-collected, whose Jobs, pods and results are not this run's. So Jobs and
 * ConfigMaps must be controlled by this run (owner uid), and pods by one of those Jobs.
 */
public record Observed(Map<String, Job> jobs, List<Pod> pods, Map<String, ConfigMap> configMaps) {

  /** Nothing seen: a run whose objects do not exist yet. */
  public static Observed nothing() {
    return new Observed(Map.of(), List.of(), Map.of());
  }

  public static Observed of(Context<BenchmarkRun> ctx, String runUid) {
    Map<String, Job> jobs = new HashMap<>();
    Set<String> jobUids = new HashSet<>();
    ctx.getSecondaryResources(Job.class).stream().filter(j -> controlledBy(j, runUid)).forEach(j -> {
      jobs.put(j.getMetadata().getName(), j);
      jobUids.add(j.getMetadata().getUid());
    });
    Map<String, ConfigMap> maps = new HashMap<>();
    ctx.getSecondaryResources(ConfigMap.class).stream().filter(c -> controlledBy(c, runUid))
        .forEach(c -> maps.put(c.getMetadata().getName(), c));
    List<Pod> pods = ctx.getSecondaryResources(Pod.class).stream()
        .filter(p -> {
          OwnerReference o = NameTaken.controller(p);
          return o != null && jobUids.contains(o.getUid());
        }).toList();
    return new Observed(jobs, pods, maps);
  }

  /** With no uid to compare (a run not yet stored), the label decides, as it always did. */
  private static boolean controlledBy(HasMetadata o, String runUid) {
    if (runUid == null) {
      return true;
    }
    OwnerReference c = NameTaken.controller(o);
    return c != null && runUid.equals(c.getUid());
  }

  public Optional<ConfigMap> configMap(String name) {
    return Optional.ofNullable(configMaps.get(name));
  }

  public long podsInPhase(String phase) {
    return pods.stream().filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase())).count();
  }

  /** The newest pod of a slot (a retried index has several). */
  public Optional<Pod> podOf(RunObjects.Slot slot) {
    return pods.stream()
        .filter(p -> p.getMetadata().getLabels() != null
            && slot.placement().equals(p.getMetadata().getLabels().get(Protocol.LABEL_PLACEMENT))
            && Objects.equals(Integer.toString(slot.index()),
                p.getMetadata().getLabels().get(PodDiagnosis.JOB_INDEX_LABEL)))
        .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
            : p.getMetadata().getCreationTimestamp()));
  }
}
