package dev.regatta.operator.reconcile.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.operator.reconcile.RunContext;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes status through JOSDK: {@link PrimaryUpdateAndCacheUtils#updateStatusAndCacheResource}, an update of the
 * status subresource with optimistic locking (the resourceVersion the reconcile read), whose answer JOSDK keeps in
 * its cache, so the next reconcile of the run sees this write even before the informer does. That is what lets
 * the reconciler act on the cached run instead of reading it fresh every time.
 *
 * <p>Not server-side apply: the fabric8 mock API that the tests and local mode's API run on cannot apply (415), and
 * the one write path must be the one the tests take (docs/PROTOCOL.md, "Status").
 *
 * <p>A conflict (409: the run changed since it was read) is retried by the library, which re-reads the run from
 * its cache and applies the change again. It applies it only if the status there is still the one this reconcile
 * started from (a spec or metadata change does not touch it); otherwise the step was decided on an old status,
 * and {@link StatusMovedOn} fails the reconcile, which JOSDK retries from the newer one. Either way no step is
 * lost, and none is taken on a status it did not see.
 */
public final class CachedStatusUpdate implements StatusWrite {
  private final Context<BenchmarkRun> context;

  public CachedStatusUpdate(Context<BenchmarkRun> context) {
    this.context = context;
  }

  @Override
  public void write(BenchmarkRun run, BenchmarkRunStatus status, JsonNode statusAsRead) {
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(run, context, current -> {
      if (!RunContext.statusJson(current.getStatus()).equals(statusAsRead)) {
        throw new StatusMovedOn(current);
      }
      BenchmarkRun next = new BenchmarkRun();
      next.setMetadata(new ObjectMetaBuilder(current.getMetadata()).build());
      next.setSpec(current.getSpec());
      next.setStatus(status);
      return next;
    });
  }

  /** The run's status changed since the reconcile read it: the reconcile is retried from the newer one. */
  public static final class StatusMovedOn extends IllegalStateException {
    StatusMovedOn(BenchmarkRun run) {
      super("status of run " + run.getMetadata().getNamespace() + "/" + run.getMetadata().getName()
          + " changed since this reconcile read it (resourceVersion " + run.getMetadata().getResourceVersion()
          + "); reconciling again from it");
    }
  }
}
