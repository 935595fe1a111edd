package dev.regatta.protocol;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.S3Endpoint;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.SecretKeyPair;
import dev.regatta.api.v1alpha1.Sidecar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.LinkedHashSet;
import java.util.Set;

/** Every Secret key a run refers to; each reaches the runner as {@link Protocol#secretEnvName} env. */
public final class SecretRefs {
  public record Ref(String secretName, String key) {
    public String envName() {
      return Protocol.secretEnvName(secretName, key);
    }
  }

  private SecretRefs() {}

  public static Set<Ref> of(BenchmarkRunSpec spec) {
    Set<Ref> refs = new LinkedHashSet<>();
    if (spec.getResults() != null) {
      add(refs, spec.getResults().getS3());
    }
    if (spec.getSidecars() != null) {
      for (Sidecar s : spec.getSidecars()) {
        if (s.getPreload() != null) {
          add(refs, s.getPreload().getS3());
        }
      }
    }
    if (spec.getScenarios() != null) {
      for (Scenario sc : spec.getScenarios()) {
        add(refs, sc.getS3());
        if (sc.getRedis() != null) {
          add(refs, sc.getRedis().getPasswordSecret());
        }
        if (sc.getHttp() != null) {
          add(refs, sc.getHttp().getCaSecret());
        }
        if (sc.getStream() != null) {
          add(refs, sc.getStream().getS3());
        }
        if (sc.getExternal() != null && sc.getExternal().getSecretEnv() != null) {
          sc.getExternal().getSecretEnv().values().forEach(selector -> add(refs, selector));
        }
        if (sc.getGrpc() != null) {
          add(refs, sc.getGrpc().getCaSecret());
          if (sc.getGrpc().getDescriptorSet() != null) {
            add(refs, sc.getGrpc().getDescriptorSet().getSecretKeyRef());
          }
        }
      }
    }
    return refs;
  }

  private static void add(Set<Ref> refs, S3Endpoint endpoint) {
    if (endpoint != null && endpoint.getCredentialsSecret() != null) {
      SecretKeyPair p = endpoint.getCredentialsSecret();
      refs.add(new Ref(p.getName(), p.getAccessKeyIdKey()));
      refs.add(new Ref(p.getName(), p.getSecretAccessKeyKey()));
    }
  }

  private static void add(Set<Ref> refs, SecretKeySelector selector) {
    if (selector != null && selector.getName() != null && selector.getKey() != null) {
      refs.add(new Ref(selector.getName(), selector.getKey()));
    }
  }
}
