package dev.regatta.kubesim.jobs;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Job's podFailurePolicy applied to a failed pod: the first rule that matches decides (FailJob, FailIndex,
 * Ignore, Count); no rule matching means Count. A rule on exit codes looks at the terminated containers (main
 * containers first, then init containers; an exit code 0 never matches); a rule on pod conditions at the pod's.
 */
public final class FailurePolicy {
  public static final String FAIL_JOB = "FailJob";
  public static final String FAIL_INDEX = "FailIndex";
  public static final String IGNORE = "Ignore";
  public static final String COUNT = "Count";

  /** The rule that matched: its index and action, and what it matched on (a container's exit, or a condition). */
  public record Match(int rule, String action, String container, Integer exitCode, String condition) {
    /** The message of the Job condition a FailJob rule sets, as the Job controller words it. */
    public String message(Pod pod) {
      String ref = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      return container != null
          ? "Container " + container + " for pod " + ref + " failed with exit code " + exitCode + " matching " + action
              + " rule at index " + rule
          : "Pod " + ref + " has condition " + condition + " matching " + action + " rule at index " + rule;
    }
  }

  private FailurePolicy() {}

  public static Optional<Match> match(Job job, Pod pod) {
    var policy = job.getSpec().getPodFailurePolicy();
    if (policy == null || policy.getRules() == null) {
      return Optional.empty();
    }
    List<PodFailurePolicyRule> rules = policy.getRules();
    for (int i = 0; i < rules.size(); i++) {
      PodFailurePolicyRule rule = rules.get(i);
      if (rule.getOnExitCodes() != null) {
        Optional<ContainerStatus> c = exited(pod, rule.getOnExitCodes());
        if (c.isPresent()) {
          return Optional.of(new Match(i, rule.getAction(), c.get().getName(),
              c.get().getState().getTerminated().getExitCode(), null));
        }
      }
      for (PodFailurePolicyOnPodConditionsPattern p : nullToEmpty(rule.getOnPodConditions())) {
        String status = p.getStatus() == null ? "True" : p.getStatus();
        if (conditions(pod).stream().anyMatch(c -> p.getType().equals(c.getType()) && status.equals(c.getStatus()))) {
          return Optional.of(new Match(i, rule.getAction(), null, null, p.getType()));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<ContainerStatus> exited(Pod pod, PodFailurePolicyOnExitCodesRequirement req) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus() != null) {
      all.addAll(nullToEmpty(pod.getStatus().getContainerStatuses()));
      all.addAll(nullToEmpty(pod.getStatus().getInitContainerStatuses()));
    }
    for (ContainerStatus cs : all) {
      if (req.getContainerName() != null && !req.getContainerName().equals(cs.getName())) {
        continue;
      }
      if (cs.getState() == null || cs.getState().getTerminated() == null
          || cs.getState().getTerminated().getExitCode() == null) {
        continue;
      }
      int code = cs.getState().getTerminated().getExitCode();
      boolean listed = req.getValues() != null && req.getValues().contains(code);
      if (code != 0 && ("In".equals(req.getOperator()) ? listed : !listed)) {
        return Optional.of(cs);
      }
    }
    return Optional.empty();
  }

  private static List<PodCondition> conditions(Pod pod) {
    return pod.getStatus() == null ? List.of() : nullToEmpty(pod.getStatus().getConditions());
  }

  private static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
