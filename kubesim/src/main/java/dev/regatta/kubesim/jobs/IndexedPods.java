package dev.regatta.kubesim.jobs;

import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pod the Job controller makes from a Job's template: named JOB-INDEX-xxxxx (JOB-xxxxx when not Indexed),
 * with the Job's labels, the completion index as label and annotation, JOB_COMPLETION_INDEX in every container
 * (from the annotation, through the downward API), hostname JOB-INDEX, and the Job as its controlling owner.
 */
public final class IndexedPods {
  public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  public static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
  /** The older, unprefixed labels, still set for selectors written against them. */
  public static final String LEGACY_JOB_NAME_LABEL = "job-name";
  public static final String LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private IndexedPods() {}

  public static boolean isIndexed(Job job) {
    return "Indexed".equals(job.getSpec().getCompletionMode());
  }

  public static Pod forIndex(Job job, int index) {
    String jobName = job.getMetadata().getName();
    String uid = job.getMetadata().getUid();
    boolean indexed = isIndexed(job);
    var template = job.getSpec().getTemplate();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : new ObjectMetaBuilder(template.getMetadata())
        .build();
    meta.setName(jobName + "-" + (indexed ? index + "-" : "") + randomSuffix());
    meta.setNamespace(job.getMetadata().getNamespace());
    Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    labels.put(JOB_NAME_LABEL, jobName);
    labels.put(LEGACY_JOB_NAME_LABEL, jobName);
    labels.put(CONTROLLER_UID_LABEL, uid);
    labels.put(LEGACY_CONTROLLER_UID_LABEL, uid);
    Map<String, String> annotations = new LinkedHashMap<>(
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    if (indexed) {
      labels.put(Protocol.LABEL_JOB_COMPLETION_INDEX, String.valueOf(index));
      annotations.put(Protocol.LABEL_JOB_COMPLETION_INDEX, String.valueOf(index));
    }
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
        .withName(jobName).withUid(uid).withController(true).withBlockOwnerDeletion(true).build()));
    var spec = new PodSpecBuilder(template.getSpec()).build();
    if (indexed) {
      List<Container> all = new ArrayList<>(spec.getContainers());
      all.addAll(spec.getInitContainers() == null ? List.of() : spec.getInitContainers());
      for (Container c : all) {
        List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
        env.removeIf(e -> Protocol.ENV_INDEX.equals(e.getName()));
        env.add(0, new EnvVarBuilder().withName(Protocol.ENV_INDEX).withNewValueFrom().withNewFieldRef()
            .withFieldPath("metadata.annotations['" + Protocol.LABEL_JOB_COMPLETION_INDEX + "']").endFieldRef()
            .endValueFrom().build());
        c.setEnv(env);
      }
      if (spec.getHostname() == null) {
        spec.setHostname(jobName + "-" + index);
      }
    }
    return new PodBuilder().withMetadata(meta).withSpec(spec)
        .withStatus(new PodStatusBuilder().withPhase("Pending").build()).build();
  }

  /** The pod's completion index (its annotation), or -1 when it has none. */
  public static int index(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(Protocol.LABEL_JOB_COMPLETION_INDEX);
    try {
      return v == null ? -1 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The uid of the Job that made the pod, or null. */
  public static String jobUid(Pod pod) {
    Map<String, String> l = pod.getMetadata().getLabels();
    return l == null ? null : l.get(CONTROLLER_UID_LABEL);
  }

  private static String randomSuffix() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(SUFFIX_ALPHABET.length())));
    }
    return sb.toString();
  }
}
