package dev.regatta.local.api;

import java.util.List;

/**
 * One REST resource the embedded API serves, as discovery describes it. Built-in types are listed in
 * {@link ResourceCatalog}; custom resources come from the CustomResourceDefinitions stored in the API.
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource) {

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The path prefix of this type's group version: /api/v1 or /apis/GROUP/VERSION. */
  public String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** plural.group, as kubectl names a type in messages (configmaps, benchmarkruns.regatta.dev). */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
