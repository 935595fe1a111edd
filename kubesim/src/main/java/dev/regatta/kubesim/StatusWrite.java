package dev.regatta.kubesim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A status write of a simulated controller that is not lost to a race. fabric8's {@code editStatus} sends the
 * resourceVersion it read (optimistic locking) and does not retry a 409, so a write that raced another writer
 * (the operator suspending a Job, the scheduler binding a pod) is read again and re-applied, as the status managers
 * of the kubelet and the Job controller do; a write dropped instead would be a sidecar restart, an exit code or a
 * Job's Complete condition that no one ever sees.
 */
public final class StatusWrite {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWrite.class);
  /** Conflicts here come from one or two other writers; a few re-reads settle them. */
  static final int MAX_ATTEMPTS = 8;

  private StatusWrite() {}

  /**
   * Applies change to the object's current state and writes its status; true when written. An object deleted
   * meanwhile is not an error (false); any other failure is logged as a warning.
   */
  public static <T extends HasMetadata> boolean edit(Resource<T> resource, UnaryOperator<T> change, String what) {
    for (int attempt = 1; ; attempt++) {
      try {
        resource.editStatus(change);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return false;
        }
        if (e.getCode() != 409 || attempt == MAX_ATTEMPTS) {
          LOG.warn("{}: status not written ({} attempt(s)): {}", what, attempt, e.toString());
          return false;
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: status not written: {}", what, e.toString());
        return false;
      }
    }
  }
}
