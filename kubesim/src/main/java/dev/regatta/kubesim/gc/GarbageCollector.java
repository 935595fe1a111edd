package dev.regatta.kubesim.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector, background propagation: when an owner is deleted, every object of the dependent kinds
 * in its namespace that names it in an owner reference, and whose other owners are gone too, is deleted. A
 * deleted Job is an owner in turn (its pods go next).
 *
 * <p>Runs on the control loop; it learns of deleted owners from the watches of {@code SimulatedCluster}: Jobs and
 * the owner kinds it was given.
 */
public final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  /** What the collector looks through for dependents of a deleted owner. */
  public static final List<ResourceKind> DEPENDENTS = List.of(
      new ResourceKind("batch/v1", "Job", "jobs"),
      new ResourceKind("v1", "Pod", "pods"),
      new ResourceKind("v1", "ConfigMap", "configmaps"),
      new ResourceKind("v1", "Secret", "secrets"),
      new ResourceKind("v1", "Service", "services"),
      new ResourceKind("v1", "ServiceAccount", "serviceaccounts"),
      new ResourceKind("rbac.authorization.k8s.io/v1", "Role", "roles"),
      new ResourceKind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings"),
      new ResourceKind("coordination.k8s.io/v1", "Lease", "leases"));

  private final KubernetesClient client;
  private final List<ResourceKind> known = new ArrayList<>(DEPENDENTS);
  private final List<String> deleted = new ArrayList<>();

  /** @param ownerKinds kinds beyond {@link #DEPENDENTS} that own things (custom resources) */
  public GarbageCollector(KubernetesClient client, List<ResourceKind> ownerKinds) {
    this.client = client;
    this.known.addAll(ownerKinds);
  }

  /** Deletes the dependents of an owner that is gone. */
  public void ownerDeleted(HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    String ns = owner.getMetadata().getNamespace();
    if (uid == null || ns == null) {
      return;
    }
    for (ResourceKind kind : DEPENDENTS) {
      try {
        for (GenericKubernetesResource r : client.genericKubernetesResources(kind.context()).inNamespace(ns).list()
            .getItems()) {
          List<OwnerReference> refs = r.getMetadata().getOwnerReferences();
          if (refs != null && refs.stream().anyMatch(ref -> uid.equals(ref.getUid()))
              && refs.stream().filter(ref -> !uid.equals(ref.getUid())).noneMatch(ref -> exists(ns, ref))) {
            client.genericKubernetesResources(kind.context()).inNamespace(ns).withName(r.getMetadata().getName())
                .delete();
            synchronized (deleted) {
              deleted.add(kind.kind() + " " + ns + "/" + r.getMetadata().getName());
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("garbage collection of {}: {}", kind.plural(), e.toString());
      }
    }
  }

  /** Everything this collector deleted, oldest first, as "Kind namespace/name". */
  public List<String> deleted() {
    synchronized (deleted) {
      return List.copyOf(deleted);
    }
  }

  /** Whether another owner is still there; an owner of a kind not known here is taken to be. */
  private boolean exists(String ns, OwnerReference ref) {
    Optional<ResourceKind> kind = known.stream().filter(k -> k.is(ref.getApiVersion(), ref.getKind())).findFirst();
    if (kind.isEmpty()) {
      return true;
    }
    try {
      GenericKubernetesResource o = client.genericKubernetesResources(kind.get().context()).inNamespace(ns)
          .withName(ref.getName()).get();
      return o != null && ref.getUid().equals(o.getMetadata().getUid());
    } catch (RuntimeException e) {
      return true;
    }
  }
}
