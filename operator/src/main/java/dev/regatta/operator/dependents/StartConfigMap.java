package dev.regatta.operator.dependents;

import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ConfigMap R-start, created empty; the start barrier writes the start instant into it once (StartBarrier). */
@KubernetesDependent
public class StartConfigMap extends RunDependent<ConfigMap> {
  public static final String NAME = "start-configmap";

  public StartConfigMap() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(RunContext run) {
    return RunObjects.startMap(run.run());
  }

  @Override
  protected String objectName(String run) {
    return Protocol.startConfigMapName(run);
  }
}
