package dev.regatta.local.api.patch;

import java.util.List;

/**
 * How a strategic merge patch treats one list field of a built-in type: the {@code patchStrategy} and
 * {@code patchMergeKey} tags of the Kubernetes Go types, for the fields the objects people create here
 * have. A list not named here is replaced wholesale, as JSON merge patch does.
 */
record ListStrategy(String mergeKey, boolean primitives) {
  static final ListStrategy REPLACE = new ListStrategy(null, false);
  private static final ListStrategy PRIMITIVE_SET = new ListStrategy(null, true);

  private record Rule(String kind, String pathSuffix, ListStrategy strategy) {}

  /** Suffixes of the field path (list indices left out); the first match wins, so specific ones come first. */
  private static final List<Rule> RULES = List.of(
      rule(null, "metadata.finalizers", PRIMITIVE_SET),
      rule(null, "metadata.ownerReferences", key("uid")),
      // Container (in a pod template at any depth: Pod, Job, CronJob, Deployment, ...)
      rule(null, "containers.env", key("name")),
      rule(null, "initContainers.env", key("name")),
      rule(null, "ephemeralContainers.env", key("name")),
      rule(null, "containers.ports", key("containerPort")),
      rule(null, "initContainers.ports", key("containerPort")),
      rule(null, "ephemeralContainers.ports", key("containerPort")),
      rule(null, "containers.volumeMounts", key("mountPath")),
      rule(null, "initContainers.volumeMounts", key("mountPath")),
      rule(null, "ephemeralContainers.volumeMounts", key("mountPath")),
      rule(null, "containers.volumeDevices", key("devicePath")),
      rule(null, "initContainers.volumeDevices", key("devicePath")),
      rule(null, "ephemeralContainers.volumeDevices", key("devicePath")),
      // PodSpec
      rule(null, "spec.containers", key("name")),
      rule(null, "spec.initContainers", key("name")),
      rule(null, "spec.ephemeralContainers", key("name")),
      rule(null, "spec.volumes", key("name")),
      rule(null, "spec.imagePullSecrets", key("name")),
      rule(null, "spec.hostAliases", key("ip")),
      rule(null, "spec.topologySpreadConstraints", key("topologyKey")),
      rule(null, "spec.schedulingGates", key("name")),
      rule(null, "spec.resourceClaims", key("name")),
      rule("Node", "spec.podCIDRs", PRIMITIVE_SET),
      // status of pods, nodes, namespaces, Jobs, Deployments, ...
      rule(null, "status.conditions", key("type")),
      rule(null, "status.podIPs", key("ip")),
      rule(null, "status.hostIPs", key("ip")),
      rule("Node", "status.addresses", key("type")),
      rule("Service", "spec.ports", key("port")),
      rule("ServiceAccount", "secrets", key("name")));

  static ListStrategy of(String kind, String path) {
    for (Rule r : RULES) {
      if ((r.kind() == null || r.kind().equals(kind)) && (path.equals(r.pathSuffix()) || path.endsWith("." + r.pathSuffix()))) {
        return r.strategy();
      }
    }
    return REPLACE;
  }

  boolean merges() {
    return mergeKey != null || primitives;
  }

  private static ListStrategy key(String k) {
    return new ListStrategy(k, false);
  }

  private static Rule rule(String kind, String suffix, ListStrategy s) {
    return new Rule(kind, suffix, s);
  }
}
