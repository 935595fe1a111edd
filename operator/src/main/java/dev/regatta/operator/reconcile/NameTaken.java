package dev.regatta.operator.reconcile;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Function;

/**
 * An object a run must create already exists under the same name and is not the run's own (its controller
 * owner reference names another uid, or none). Creating "if absent" would otherwise adopt it silently: another
 * run's Job, or an account and Role somebody else made, which the run's pods would then use.
 */
public final class NameTaken extends KubernetesClientException {
  private final String kind;
  private final String name;
  private final transient OwnerReference owner;
  private final boolean deleting;

  public NameTaken(String kind, String name, OwnerReference owner, boolean deleting) {
    super(kind + " " + name + " already exists and is not this run's", 409, null);
    this.kind = kind;
    this.name = name;
    this.owner = owner;
    this.deleting = deleting;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  /** The existing object's controller, or null when nothing controls it. */
  public OwnerReference owner() {
    return owner;
  }

  /** The existing object is being deleted (it will go: wait rather than fail). */
  public boolean deleting() {
    return deleting;
  }

  /**
   * After a create answered 409: returns the existing object when it is {@code wanted}'s own (same controller uid:
   * a resumed create), throws {@link NameTaken} otherwise. Objects without a controller are not compared (null).
   */
  public static <T extends HasMetadata> T confirmOwn(KubernetesClient client, String namespace, T wanted) {
    OwnerReference mine = controller(wanted);
    if (mine == null) {
      return null;
    }
    T existing = client.resource(wanted).inNamespace(namespace).get();
    if (existing == null) { // deleted since the 409: the next reconcile creates it
      throw new KubernetesClientException(wanted.getKind() + " " + wanted.getMetadata().getName()
          + " was deleted while being created; retrying", 409, null);
    }
    check(wanted, existing);
    return existing;
  }

  /** Throws {@link NameTaken} unless {@code existing} is controlled by the same owner as {@code wanted}. */
  public static void check(HasMetadata wanted, HasMetadata existing) {
    OwnerReference mine = controller(wanted);
    OwnerReference theirs = controller(existing);
    if (mine == null || theirs != null && mine.getUid().equals(theirs.getUid())) {
      return;
    }
    throw new NameTaken(wanted.getKind(), wanted.getMetadata().getName(), theirs,
        existing.getMetadata().getDeletionTimestamp() != null);
  }

  public static OwnerReference controller(HasMetadata o) {
    if (o == null || o.getMetadata() == null || o.getMetadata().getOwnerReferences() == null) {
      return null;
    }
    return o.getMetadata().getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst().orElse(null);
  }

  /**
   * The existing object's controller is a BenchmarkRun, and that run is still there (the same uid).
   *
   * @param runs the runs of the object's namespace by name, as the API has them now (null: none)
   */
  public boolean ownerIsLiveRun(Function<String, BenchmarkRun> runs) {
    if (owner == null || !BenchmarkRun.KIND.equals(owner.getKind())) {
      return false;
    }
    BenchmarkRun r = runs.apply(owner.getName());
    return r != null && owner.getUid().equals(r.getMetadata().getUid());
  }

  /**
   * Left over by a run that is gone (being deleted, or its controller run no longer exists): the garbage collector
   * removes it soon, so waiting is the cure. Anything else stays until a person acts.
   */
  public boolean leftOver(Function<String, BenchmarkRun> runs) {
    return deleting || owner != null && BenchmarkRun.KIND.equals(owner.getKind()) && !ownerIsLiveRun(runs);
  }

  /** For the run's status: what collides with what, and what the author can rename. */
  public String describe(String run, BenchmarkRunSpec spec, boolean liveRunOwner, boolean leftOver) {
    String placement = placementOf(run, spec);
    String naming = placement == null
        ? "the operator names it after the run (" + run + ")"
        : "the operator names it after the run and placement \"" + placement + "\" ("
            + (kind.equals("Job") ? "Job <run>-<placement>" : "ConfigMap <run>-result-<placement>-<index>")
            + ")";
    String fix = placement == null ? "rename this run" : "rename this run or its placement \"" + placement + "\"";
    String what = kind + " " + name;
    if (leftOver) {
      return what + " still belongs to " + (owner == null ? "a deleted object" : "run " + owner.getName() + " (uid "
          + owner.getUid() + "), which was deleted") + ", and was not removed within the run's startTimeout; "
          + naming + ": delete the " + kind + " or " + fix;
    }
    if (liveRunOwner) {
      return what + " already belongs to run " + owner.getName() + ": " + naming + ", and run " + owner.getName()
          + "'s names make the same one; " + fix + " (or delete run " + owner.getName() + ")";
    }
    return what + " already exists and " + (owner == null ? "no BenchmarkRun controls it"
        : "is controlled by " + owner.getKind() + " " + owner.getName() + ", not by a BenchmarkRun")
        + "; the run will not adopt it (its pods would use it): " + naming + "; delete that " + kind + " or " + fix;
  }

  /** The placement whose name is part of this object's name, or null for the run's own objects. */
  private String placementOf(String run, BenchmarkRunSpec spec) {
    if (spec == null || spec.getPlacements() == null) {
      return null;
    }
    for (Placement p : spec.getPlacements()) {
      if (kind.equals("Job") && name.equals(Protocol.jobName(run, p.getName()))) {
        return p.getName();
      }
    }
    for (RunObjects.Slot s : RunObjects.slots(run, spec)) {
      if (kind.equals("ConfigMap") && name.equals(s.resultMap())) {
        return s.placement();
      }
    }
    return null;
  }
}
