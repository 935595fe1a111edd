package dev.regatta.operator.dependents;

import dev.regatta.operator.rbac.RunnerRbac;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Role R-runner: update only this run's result ConfigMaps, read only its start ConfigMap. */
@KubernetesDependent(informer = @Informer(labelSelector = Protocol.LABEL_RUN))
public class RunnerRole extends RunDependent<Role> {
  public static final String NAME = "runner-role";

  public RunnerRole() {
    super(Role.class);
  }

  @Override
  protected Role desired(RunContext run) {
    return RunnerRbac.role(run.run(), run.slots());
  }

  @Override
  protected String objectName(String run) {
    return Protocol.runnerAccountName(run);
  }
}
