package dev.regatta.operator.dependents;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.reconcile.NameTaken;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/**
 * One of a run's own objects, as a JOSDK dependent resource: created once, if absent (a {@link Creator} only,
 * never updated: what the runners read must not change under them), removed with the run by the garbage
 * collector (its controller owner reference, which {@link #desired} carries). Reconciled only when the create
 * step invokes the workflow ({@code BenchmarkRunReconciler}'s {@code @Workflow}), which hands it the step's
 * {@link RunContext}.
 *
 * <p>An object of the same name that is not this run's is never adopted, whether the cache shows it (labelled
 * for a run of the same name: an earlier one, still being collected) or only the API does (a create answered
 * "already exists"): {@link NameTaken}, which the create step turns into the run's NameCollision.
 *
 * <p>The informer of a dependent type holds only objects labelled {@code regatta.dev/run} (the subclasses'
 * {@code @KubernetesDependent}), and an object maps to the run its label names.
 */
public abstract class RunDependent<R extends HasMetadata> extends KubernetesDependentResource<R, BenchmarkRun>
    implements Creator<R, BenchmarkRun>, GarbageCollected<BenchmarkRun>, SecondaryToPrimaryMapper<R> {

  protected RunDependent(Class<R> type) {
    super(type);
  }

  /** The reconcile this workflow runs for, put there by the create step. */
  public static RunContext runContext(Context<BenchmarkRun> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(RunContext.class, RunContext.class);
  }

  /** The object this run needs. */
  protected abstract R desired(RunContext run);

  /** Its name, for run {@code run}. */
  protected abstract String objectName(String run);

  @Override
  protected final R desired(BenchmarkRun primary, Context<BenchmarkRun> context) {
    return desired(runContext(context));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(BenchmarkRun primary, Context<BenchmarkRun> context) {
    return new ResourceID(objectName(primary.getMetadata().getName()), primary.getMetadata().getNamespace());
  }

  @Override
  public ReconcileResult<R> reconcile(BenchmarkRun primary, Context<BenchmarkRun> context) {
    getSecondaryResource(primary, context).ifPresent(existing -> NameTaken.check(desired(primary, context), existing));
    return super.reconcile(primary, context);
  }

  @Override
  public R create(R desired, BenchmarkRun primary, Context<BenchmarkRun> context) {
    try {
      return super.create(desired, primary, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Not in the cache yet, or not labelled: read back, and this run's own is a resumed create.
      return NameTaken.confirmOwn(context.getClient(), primary.getMetadata().getNamespace(), desired);
    }
  }

  /** {@link #desired} carries the run's controller owner reference already (RunObjects.meta); nothing to add. */
  @Override
  protected void addReferenceHandlingMetadata(R desired, BenchmarkRun primary) {}

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(R object) {
    String run = object.getMetadata().getLabels() == null ? null
        : object.getMetadata().getLabels().get(Protocol.LABEL_RUN);
    return run == null ? Set.of() : Set.of(new ResourceID(run, object.getMetadata().getNamespace()));
  }
}
