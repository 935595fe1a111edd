package dev.regatta.kubesim.gc;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A namespaced kind the garbage collector reads through the generic API: apiVersion, kind, plural. */
public record ResourceKind(String apiVersion, String kind, String plural) {
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String version() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder().withGroup(group()).withVersion(version()).withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  public boolean is(String apiVersion, String kind) {
    return this.apiVersion.equals(apiVersion) && this.kind.equals(kind);
  }
}
