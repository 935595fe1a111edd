package dev.regatta.kubesim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.regatta.kubesim.StatusWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pod's status as the scheduler and the kubelet move it: Pending, scheduled, Running, Succeeded or Failed. */
public final class PodStatuses {
  private static final Logger LOG = LoggerFactory.getLogger(PodStatuses.class);

  /**
   * A pod condition no cluster sets: the pod could not start and no retry can change that (an executable that is
   * not there, an image reference no registry accepts). The simulated Job controller fails the pod's Job at once.
   */
  public static final String PERMANENT_START_ERROR = "kubesim.regatta.dev/PermanentStartError";

  private PodStatuses() {}

  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  public static boolean isReady(Pod pod) {
    return hasCondition(pod, "Ready");
  }

  public static boolean hasCondition(Pod pod, String type) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Writes a change to the pod's status subresource (re-read and re-applied on a conflict, see {@link StatusWrite}). */
  public static void edit(KubernetesClient client, Pod pod, Consumer<PodStatus> change) {
    StatusWrite.edit(client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()),
        p -> {
          PodStatus st = p.getStatus() == null ? new PodStatus() : p.getStatus();
          change.accept(st);
          p.setStatus(st);
          return p;
        }, "pod " + pod.getMetadata().getName());
  }

  public static Consumer<PodStatus> unschedulable(String message, Instant now) {
    return st -> {
      st.setPhase("Pending");
      set(st, new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
          .withMessage(message).withLastTransitionTime(now.toString()).build());
    };
  }

  public static Consumer<PodStatus> scheduled(Instant now) {
    return st -> {
      st.setPhase("Pending");
      set(st, condition("PodScheduled", "True", null, now));
    };
  }

  /** The kubelet took the pod: its address, start time, and its containers being created. */
  public static Consumer<PodStatus> admitted(Pod pod, String address, Instant now) {
    return st -> {
      st.setPhase("Pending");
      st.setHostIP(address);
      st.setPodIP(address);
      st.setStartTime(now.toString());
      List<ContainerStatus> cs = new ArrayList<>();
      for (Container c : pod.getSpec().getContainers()) {
        cs.add(base(c).withReady(false).withStarted(false).withNewState().withNewWaiting()
            .withReason("ContainerCreating").endWaiting().endState().build());
      }
      st.setContainerStatuses(cs);
    };
  }

  public static Consumer<PodStatus> running(Pod pod, Instant startedAt, Set<String> unreadySidecars, Instant now) {
    return st -> {
      boolean ready = unreadySidecars.isEmpty();
      st.setPhase("Running");
      set(st, condition("PodReadyToStartContainers", "True", null, now));
      set(st, condition("Initialized", "True", null, now));
      set(st, condition("ContainersReady", ready ? "True" : "False", ready ? null : "ContainersNotReady", now));
      set(st, condition("Ready", ready ? "True" : "False", ready ? null : "ContainersNotReady", now));
      List<ContainerStatus> cs = new ArrayList<>();
      for (Container c : pod.getSpec().getContainers()) {
        cs.add(base(c).withReady(true).withStarted(true).withNewState().withNewRunning()
            .withStartedAt(startedAt.toString()).endRunning().endState().build());
      }
      st.setContainerStatuses(cs);
      List<ContainerStatus> init = new ArrayList<>();
      for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
        init.add(base(c).withReady(!unreadySidecars.contains(c.getName())).withStarted(true).withNewState()
            .withNewRunning().withStartedAt(startedAt.toString()).endRunning().endState().build());
      }
      st.setInitContainerStatuses(init);
    };
  }

  public static Consumer<PodStatus> waiting(Pod pod, String container, String reason, String message) {
    return st -> {
      st.setPhase("Pending");
      List<ContainerStatus> cs = new ArrayList<>();
      for (Container c : pod.getSpec().getContainers()) {
        var b = base(c).withReady(false).withStarted(false);
        cs.add(c.getName().equals(container)
            ? b.withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build()
            : b.withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState().build());
      }
      st.setContainerStatuses(cs);
    };
  }

  /**
   * A native sidecar's restart, as the kubelet reports it: restartCount, lastState.terminated with the exit code,
   * the new run's state.
   */
  public static Consumer<PodStatus> sidecarRestarted(SidecarRestart r) {
    return st -> {
      List<ContainerStatus> init = new ArrayList<>();
      for (ContainerStatus c : nullToEmpty(st.getInitContainerStatuses())) {
        if (!r.name().equals(c.getName())) {
          init.add(c);
          continue;
        }
        var b = new ContainerStatusBuilder(c).withRestartCount(r.restartCount()).withNewLastState().withNewTerminated()
            .withExitCode(r.exitCode()).withReason(r.startedAt() == null ? "StartError" : "Error")
            .withFinishedAt(r.finishedAt().toString()).endTerminated().endLastState();
        if (r.startedAt() != null) {
          b.withReady(true).withStarted(true).withNewState().withNewRunning().withStartedAt(r.startedAt().toString())
              .endRunning().endState();
        } else {
          b.withReady(false).withStarted(false).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
              .withMessage(r.error()).endWaiting().endState();
        }
        init.add(b.build());
      }
      st.setInitContainerStatuses(init);
    };
  }

  /**
   * The main container ended: Succeeded or Failed with its terminated state; the kubelet stops the native sidecars
   * after it (their restart counts stay on record).
   */
  public static Consumer<PodStatus> ended(Pod pod, PodEnd end, Instant now) {
    return st -> {
      boolean ok = end.exitCode() == 0;
      String finished = end.finishedAt().toString();
      st.setPhase(ok ? "Succeeded" : "Failed");
      set(st, condition("Ready", "False", "PodCompleted", now));
      set(st, condition("ContainersReady", "False", "PodCompleted", now));
      if (end.permanent()) {
        set(st, new PodConditionBuilder().withType(PERMANENT_START_ERROR).withStatus("True").withReason(end.reason())
            .withMessage(end.message()).withLastTransitionTime(now.toString()).build());
      }
      List<ContainerStatus> cs = new ArrayList<>();
      for (Container c : pod.getSpec().getContainers()) {
        var term = new ContainerStateTerminatedBuilder().withExitCode(end.exitCode()).withReason(end.reason())
            .withFinishedAt(finished).withStartedAt(end.startedAt() == null ? null : end.startedAt().toString());
        if (!end.message().isEmpty()) {
          term.withMessage(end.message());
        }
        cs.add(base(c).withReady(false).withStarted(false).withNewState().withTerminated(term.build()).endState()
            .build());
      }
      st.setContainerStatuses(cs);
      List<ContainerStatus> init = new ArrayList<>();
      for (ContainerStatus c : nullToEmpty(st.getInitContainerStatuses())) {
        init.add(new ContainerStatusBuilder(c).withReady(false).withStarted(false).withNewState().withNewTerminated()
            .withExitCode(0).withReason("Completed").withFinishedAt(finished).endTerminated().endState().build());
      }
      st.setInitContainerStatuses(init);
    };
  }

  private static ContainerStatusBuilder base(Container c) {
    return new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
        .withRestartCount(0);
  }

  private static PodCondition condition(String type, String status, String reason, Instant now) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withLastTransitionTime(now.toString()).build();
  }

  private static void set(PodStatus st, PodCondition c) {
    List<PodCondition> conds = new ArrayList<>(nullToEmpty(st.getConditions()));
    conds.removeIf(o -> Objects.equals(o.getType(), c.getType()));
    conds.add(c);
    st.setConditions(conds);
  }

  private static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
