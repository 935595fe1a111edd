package dev.regatta.operator.dependents;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.reconcile.RunContext;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The reconcile precondition of the runners' account, Role and RoleBinding: the run's pods use the per-run
 * account. A run that names another account (one the pod policy allows) gets none of the three.
 */
public class UsesRunAccount implements Condition<Object, BenchmarkRun> {
  @Override
  public boolean isMet(DependentResource<Object, BenchmarkRun> dependent, BenchmarkRun primary,
      Context<BenchmarkRun> context) {
    return holds(RunDependent.runContext(context));
  }

  /** The run's pods run as the per-run account, under its accepted spec. */
  public static boolean holds(RunContext run) {
    return JobFactory.usesRunAccount(run.name(), run.spec().getRunner());
  }
}
