package dev.regatta.operator.dependents;

import dev.regatta.operator.rbac.RunnerRbac;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** RoleBinding R-runner: binds the run's Role to the run's account, and to nothing else. */
@KubernetesDependent(informer = @Informer(labelSelector = Protocol.LABEL_RUN))
public class RunnerRoleBinding extends RunDependent<RoleBinding> {
  public static final String NAME = "runner-rolebinding";

  public RunnerRoleBinding() {
    super(RoleBinding.class);
  }

  @Override
  protected RoleBinding desired(RunContext run) {
    return RunnerRbac.roleBinding(run.run());
  }

  @Override
  protected String objectName(String run) {
    return Protocol.runnerAccountName(run);
  }
}
