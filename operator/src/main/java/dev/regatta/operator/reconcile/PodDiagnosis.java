package dev.regatta.operator.reconcile;

import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Turns pod and Job status into one line a user can act on, naming the pod and the cause. */
public final class PodDiagnosis {
  /** Waiting reasons no retry fixes: the run fails at once instead of waiting out its timeouts. */
  static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
      "CreateContainerConfigError");
  public static final String JOB_INDEX_LABEL = Protocol.LABEL_JOB_COMPLETION_INDEX;

  private PodDiagnosis() {}

  private static Stream<ContainerStatus> containerStatuses(Pod p) {
    if (p.getStatus() == null) {
      return Stream.empty();
    }
    List<ContainerStatus> all = new ArrayList<>();
    if (p.getStatus().getInitContainerStatuses() != null) {
      all.addAll(p.getStatus().getInitContainerStatuses());
    }
    if (p.getStatus().getContainerStatuses() != null) {
      all.addAll(p.getStatus().getContainerStatuses());
    }
    return all.stream();
  }

  /** A pod that cannot start and never will: an image that cannot be pulled, a missing Secret key. */
  public static Optional<String> fatalWaiting(Collection<Pod> pods) {
    for (Pod p : pods) {
      Optional<String> cause = containerStatuses(p)
          .filter(c -> c.getState() != null && c.getState().getWaiting() != null
              && FATAL_WAITING.contains(c.getState().getWaiting().getReason()))
          .map(c -> {
            ContainerStateWaiting w = c.getState().getWaiting();
            String what = w.getReason().contains("Image") ? "cannot pull image " + c.getImage() : "cannot start";
            return "pod " + p.getMetadata().getName() + ": container " + c.getName() + " " + what + ": "
                + w.getReason() + (w.getMessage() == null ? "" : " (" + w.getMessage() + ")");
          })
          .findFirst();
      if (cause.isPresent()) {
        return cause;
      }
    }
    return Optional.empty();
  }

  /** Why a failed pod failed: the runner's exit code and termination message, or the pod's reason. */
  public static String failure(Pod p) {
    StringBuilder b = new StringBuilder("pod ").append(p.getMetadata().getName());
    Optional<ContainerStatus> runner = containerStatuses(p)
        .filter(c -> c.getState() != null && c.getState().getTerminated() != null
            && c.getState().getTerminated().getExitCode() != null && c.getState().getTerminated().getExitCode() != 0)
        .findFirst();
    if (runner.isPresent()) {
      ContainerStateTerminated t = runner.get().getState().getTerminated();
      b.append(": container ").append(runner.get().getName()).append(" exited with code ").append(t.getExitCode());
      if (t.getReason() != null && !"Error".equals(t.getReason())) {
        b.append(" (").append(t.getReason()).append(")");
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        b.append(": ").append(oneLine(t.getMessage()));
      }
    } else if (p.getStatus() != null && (p.getStatus().getReason() != null || p.getStatus().getMessage() != null)) {
      b.append(": ").append(p.getStatus().getReason()).append(p.getStatus().getMessage() == null ? ""
          : ": " + p.getStatus().getMessage());
    } else {
      b.append(" failed");
    }
    return b.toString();
  }

  /**
   * Failed pods' causes, each cause once with the pods it hit ("pod a: X", "9 pods (a, b, c and 6 more): X"),
   * so that an error that repeats for every pod and retry is read once, with its count.
   */
  public static List<String> groupedFailures(Collection<Pod> failed) {
    Map<String, List<String>> byCause = new LinkedHashMap<>();
    for (Pod p : failed) {
      String name = p.getMetadata().getName();
      String cause = failure(p).substring(("pod " + name).length());
      byCause.computeIfAbsent(cause, k -> new ArrayList<>()).add(name);
    }
    List<String> out = new ArrayList<>();
    byCause.forEach((cause, names) -> {
      String who = names.size() == 1 ? "pod " + names.get(0) : names.size() + " pods (" + String.join(", ",
          names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "")
          + ")";
      out.add(who + cause);
    });
    return out;
  }

  /** Longest termination message quoted: it is the tail of a log when the runner wrote none itself. */
  static final int MAX_QUOTED = 400;

  /**
   * A termination message as one line: with FallbackToLogsOnError it is the log's last lines, of which the
   * last says most; a message over {@value #MAX_QUOTED} characters keeps its end.
   */
  static String oneLine(String message) {
    List<String> lines = message.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String line = lines.size() <= 1 ? String.join("", lines) : "... " + lines.get(lines.size() - 1);
    return line.length() <= MAX_QUOTED ? line : "..." + line.substring(line.length() - MAX_QUOTED + 3);
  }

  public static boolean isFailed(Pod p) {
    return p.getStatus() != null && "Failed".equals(p.getStatus().getPhase());
  }

  /** Why a pod is not ready yet: unschedulable, a sidecar not ready, a container waiting. */
  public static String notReady(Pod p) {
    String name = "pod " + p.getMetadata().getName();
    if (p.getStatus() == null) {
      return name + ": no status yet";
    }
    if (p.getStatus().getConditions() != null) {
      for (PodCondition c : p.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
          return name + ": not scheduled: " + c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")");
        }
      }
    }
    if (p.getStatus().getInitContainerStatuses() != null) {
      for (ContainerStatus c : p.getStatus().getInitContainerStatuses()) {
        if (!Boolean.TRUE.equals(c.getReady())) {
          return name + ": sidecar " + c.getName() + " never became ready" + waiting(c);
        }
      }
    }
    Optional<ContainerStatus> waiting = containerStatuses(p)
        .filter(c -> c.getState() != null && c.getState().getWaiting() != null).findFirst();
    if (waiting.isPresent()) {
      return name + ": container " + waiting.get().getName() + " waiting" + waiting(waiting.get());
    }
    return name + ": phase " + p.getStatus().getPhase() + ", runner has not reported ready";
  }

  private static String waiting(ContainerStatus c) {
    if (c.getState() == null || c.getState().getWaiting() == null) {
      return "";
    }
    ContainerStateWaiting w = c.getState().getWaiting();
    return ": " + w.getReason() + (w.getMessage() == null ? "" : " (" + w.getMessage() + ")");
  }

  public static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
  }

  public static boolean isComplete(Job job) {
    return condition(job, "Complete").isPresent();
  }

  public static boolean isFailed(Job job) {
    return condition(job, "Failed").isPresent();
  }

  public static String jobFailure(Job job) {
    JobCondition c = condition(job, "Failed").orElseThrow();
    return "Job " + job.getMetadata().getName() + " failed: " + c.getReason()
        + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  /**
   * Restarts of the pod's native sidecars (init containers with restartPolicy Always, restarted by the kubelet
   * when they die), per sidecar; empty when none restarted.
   */
  public static Map<String, Integer> sidecarRestarts(Pod p) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (p.getStatus() != null && p.getStatus().getInitContainerStatuses() != null) {
      for (ContainerStatus c : p.getStatus().getInitContainerStatuses()) {
        if (c.getRestartCount() != null && c.getRestartCount() > 0) {
          out.put(c.getName(), c.getRestartCount());
        }
      }
    }
    return out;
  }

  /** How a sidecar's last run ended ("exit code 137 (Error) at T"), or "" when the status does not say. */
  public static String lastTermination(Pod p, String container) {
    if (p.getStatus() == null || p.getStatus().getInitContainerStatuses() == null) {
      return "";
    }
    for (ContainerStatus c : p.getStatus().getInitContainerStatuses()) {
      if (container.equals(c.getName()) && c.getLastState() != null && c.getLastState().getTerminated() != null) {
        ContainerStateTerminated t = c.getLastState().getTerminated();
        return "exit code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")")
            + (t.getFinishedAt() == null ? "" : " at " + t.getFinishedAt());
      }
    }
    return "";
  }

  /** When the pod's runner container ended (its terminated state's finishedAt), or null when not known. */
  public static Instant finishedAt(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
      if (Protocol.RUNNER_CONTAINER.equals(c.getName()) && c.getState() != null && c.getState().getTerminated() != null
          && c.getState().getTerminated().getFinishedAt() != null) {
        try {
          return Instant.parse(c.getState().getTerminated().getFinishedAt());
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The pod's placement and completion index, "eu/0", from its labels; null when it has none. */
  public static String slotOf(Pod p) {
    Map<String, String> l = p.getMetadata().getLabels();
    if (l == null || l.get(Protocol.LABEL_PLACEMENT) == null || l.get(JOB_INDEX_LABEL) == null) {
      return null;
    }
    return l.get(Protocol.LABEL_PLACEMENT) + "/" + l.get(JOB_INDEX_LABEL);
  }
}
