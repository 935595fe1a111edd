package dev.regatta.kubesim.kubelet;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What runs a pod's containers for the simulated {@link Kubelet}: real processes (local mode), or fakes a test
 * drives. The kubelet writes the pod's status and Events from what the runtime reports.
 */
@FunctionalInterface
public interface PodRuntime {
  /**
   * Starts the pod's containers and returns at once; what happens to them is reported through {@code events},
   * from any thread. Called on the control loop: it must not block.
   *
   * @param pod the pod as bound to its node (spec.nodeName set)
   */
  RunningPod start(Pod pod, PodEvents events);

  /**
   * The pod is gone from the API (after its containers were stopped, if they ran): the runtime may drop what it
   * kept of it, as a kubelet removes a deleted pod's container logs. Called on the control loop.
   */
  default void removed(Pod pod) {}

  /** A pod the runtime started. */
  @FunctionalInterface
  interface RunningPod {
    /** Stops every container of the pod (and what they started) and returns once they are gone. */
    void kill();
  }
}
