package dev.regatta.operator.dependents;

import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * ConfigMap R-spec: the run file every runner mounts, and the operator's record of the accepted spec. It shares
 * the reconciler's ConfigMap informer (label-selected) rather than watching ConfigMaps a second time.
 */
@KubernetesDependent
public class SpecConfigMap extends RunDependent<ConfigMap> {
  public static final String NAME = "spec-configmap";

  public SpecConfigMap() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(RunContext run) {
    return RunObjects.specMap(run.run());
  }

  @Override
  protected String objectName(String run) {
    return Protocol.specConfigMapName(run);
  }
}
