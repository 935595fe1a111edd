package dev.regatta.operator.rbac;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;

/**
 * The runners' identity, least privilege (docs/PROTOCOL.md, "Least privilege"): update only this run's result
 * ConfigMaps, read only its start ConfigMap. No create, no delete, no Secrets.
 */
public final class RunnerRbac {
  private RunnerRbac() {}

  public static ServiceAccount serviceAccount(BenchmarkRun run) {
    return new ServiceAccountBuilder()
        .withMetadata(RunObjects.meta(run, Protocol.runnerAccountName(run.getMetadata().getName()), Protocol.COMPONENT_RUNNER))
        .build();
  }

  public static Role role(BenchmarkRun run, List<RunObjects.Slot> slots) {
    String name = run.getMetadata().getName();
    return new RoleBuilder()
        .withMetadata(RunObjects.meta(run, Protocol.runnerAccountName(name), Protocol.COMPONENT_RUNNER))
        .withRules(rules(name, slots))
        .build();
  }

  public static List<PolicyRule> rules(String run, List<RunObjects.Slot> slots) {
    return List.of(
        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
            .withVerbs("get", "update", "patch")
            .withResourceNames(slots.stream().map(RunObjects.Slot::resultMap).toList()).build(),
        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
            .withVerbs("get", "list", "watch")
            .withResourceNames(Protocol.startConfigMapName(run)).build());
  }

  public static RoleBinding roleBinding(BenchmarkRun run) {
    String name = Protocol.runnerAccountName(run.getMetadata().getName());
    return new RoleBindingBuilder()
        .withMetadata(RunObjects.meta(run, name, Protocol.COMPONENT_RUNNER))
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(run.getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}
