package dev.regatta.kubesim.kubelet;

import java.time.Instant;
import java.util.Set;

/** What a {@link PodRuntime} tells the kubelet about one pod's containers. Any thread may call these. */
public interface PodEvents {
  /**
   * Every container started. Sidecars not named in {@code unreadySidecars} passed their readiness; with any
   * unready the pod runs but is not Ready.
   */
  void running(Instant startedAt, Set<String> unreadySidecars);

  /** A container cannot start for now (ErrImagePull, ...): the pod stays Pending, the container waiting. */
  void waiting(String container, String reason, String message);

  /**
   * A native sidecar (an init container with restartPolicy Always) died while the pod ran and was started again,
   * or could not be.
   */
  void sidecarRestarted(SidecarRestart restart);

  /** The main container ended (or never started): the pod ends with it. */
  void ended(PodEnd end);
}
