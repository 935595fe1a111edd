package dev.regatta.operator.dependents;

import dev.regatta.operator.rbac.RunnerRbac;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ServiceAccount R-runner: the runners' identity (docs/PROTOCOL.md, "Least privilege"). */
@KubernetesDependent(informer = @Informer(labelSelector = Protocol.LABEL_RUN))
public class RunnerAccount extends RunDependent<ServiceAccount> {
  public static final String NAME = "runner-account";

  public RunnerAccount() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(RunContext run) {
    return RunnerRbac.serviceAccount(run.run());
  }

  @Override
  protected String objectName(String run) {
    return Protocol.runnerAccountName(run);
  }
}
