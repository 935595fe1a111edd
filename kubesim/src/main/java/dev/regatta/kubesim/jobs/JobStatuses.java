package dev.regatta.kubesim.jobs;

import dev.regatta.kubesim.StatusWrite;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Writes a Job's status: its counts, and conditions added to those it has (one of each type). */
final class JobStatuses {
  private JobStatuses() {}

  /** Writes the counts when they changed since the last write, or when a condition is added. */
  static void write(KubernetesClient client, JobState s, JobCondition... added) {
    JobStatus counts = s.counts();
    String key = counts.toString();
    if (added.length == 0 && key.equals(s.written)) {
      return;
    }
    // remembered only once written: a write that failed is tried again on the next sync
    boolean written = StatusWrite.edit(client.batch().v1().jobs().inNamespace(s.namespace()).withName(s.name()), j -> {
      List<JobCondition> conditions = new ArrayList<>(j.getStatus() == null || j.getStatus().getConditions() == null
          ? List.of() : j.getStatus().getConditions());
      for (JobCondition c : added) {
        conditions.removeIf(o -> Objects.equals(o.getType(), c.getType()));
        conditions.add(c);
        if ("Complete".equals(c.getType())) {
          counts.setCompletionTime(c.getLastTransitionTime());
        }
      }
      if (j.getStatus() != null && counts.getCompletionTime() == null) {
        counts.setCompletionTime(j.getStatus().getCompletionTime());
      }
      counts.setConditions(conditions);
      j.setStatus(counts);
      return j;
    }, "job " + s.name());
    if (written) {
      s.written = key;
    }
  }

  static JobCondition condition(String type, String status, String reason, String message, Instant now) {
    return new JobConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastProbeTime(now.toString()).withLastTransitionTime(now.toString()).build();
  }
}
