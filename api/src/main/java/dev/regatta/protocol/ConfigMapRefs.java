package dev.regatta.protocol;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Scenario;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import java.util.LinkedHashSet;
import java.util.Set;

/** Every ConfigMap key a run refers to; each reaches the runner as {@link Protocol#configMapEnvName} env. */
public final class ConfigMapRefs {
  public record Ref(String configMapName, String key) {
    public String envName() {
      return Protocol.configMapEnvName(configMapName, key);
    }
  }

  private ConfigMapRefs() {}

  public static Set<Ref> of(BenchmarkRunSpec spec) {
    Set<Ref> refs = new LinkedHashSet<>();
    if (spec.getScenarios() != null) {
      for (Scenario sc : spec.getScenarios()) {
        if (sc.getGrpc() != null && sc.getGrpc().getDescriptorSet() != null) {
          ConfigMapKeySelector s = sc.getGrpc().getDescriptorSet().getConfigMapKeyRef();
          if (s != null && s.getName() != null && s.getKey() != null) {
            refs.add(new Ref(s.getName(), s.getKey()));
          }
        }
      }
    }
    return refs;
  }
}
