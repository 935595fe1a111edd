package dev.regatta.kubesim.scheduler;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduler's filters: nodeSelector, required node affinity (In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields
 * on metadata.name), taints and tolerations.
 */
public final class NodeMatcher {
  private NodeMatcher() {}

  public static boolean selectorMatches(PodSpec spec, Node node) {
    Map<String, String> labels = labels(node);
    if (spec.getNodeSelector() != null) {
      for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
        if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    Affinity a = spec.getAffinity();
    if (a != null && a.getNodeAffinity() != null) {
      NodeSelector required = a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
      if (required != null && required.getNodeSelectorTerms() != null && !required.getNodeSelectorTerms().isEmpty()) {
        boolean any = false;
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
          if (termMatches(term, node, labels)) {
            any = true;
            break;
          }
        }
        if (!any) {
          return false;
        }
      }
    }
    return true;
  }

  public static boolean tolerates(PodSpec spec, Node node) {
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (taints == null) {
      return true;
    }
    for (Taint t : taints) {
      if ("PreferNoSchedule".equals(t.getEffect())) {
        continue;
      }
      boolean tolerated = spec.getTolerations() != null && spec.getTolerations().stream().anyMatch(tol -> tolerates(tol, t));
      if (!tolerated) {
        return false;
      }
    }
    return true;
  }

  private static boolean tolerates(Toleration tol, Taint t) {
    if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(t.getEffect())) {
      return false;
    }
    if ("Exists".equals(tol.getOperator())) {
      return tol.getKey() == null || tol.getKey().isEmpty() || tol.getKey().equals(t.getKey());
    }
    return Objects.equals(tol.getKey(), t.getKey()) && Objects.equals(nullToEmpty(tol.getValue()), nullToEmpty(t.getValue()));
  }

  private static boolean termMatches(NodeSelectorTerm term, Node node, Map<String, String> labels) {
    boolean hasAny = false;
    if (term.getMatchExpressions() != null) {
      for (NodeSelectorRequirement r : term.getMatchExpressions()) {
        hasAny = true;
        if (!requirementMatches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
          return false;
        }
      }
    }
    if (term.getMatchFields() != null) {
      for (NodeSelectorRequirement r : term.getMatchFields()) {
        hasAny = true;
        String value = "metadata.name".equals(r.getKey()) ? node.getMetadata().getName() : null;
        if (!requirementMatches(r, value, value != null)) {
          return false;
        }
      }
    }
    // an empty term matches no node, as on a cluster
    return hasAny;
  }

  private static boolean requirementMatches(NodeSelectorRequirement r, String value, boolean present) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    switch (r.getOperator()) {
      case "In":
        return present && values.contains(value);
      case "NotIn":
        return !present || !values.contains(value);
      case "Exists":
        return present;
      case "DoesNotExist":
        return !present;
      case "Gt":
      case "Lt":
        try {
          long v = Long.parseLong(value);
          long bound = Long.parseLong(values.get(0));
          return "Gt".equals(r.getOperator()) ? v > bound : v < bound;
        } catch (RuntimeException e) {
          return false;
        }
      default:
        return false;
    }
  }

  private static Map<String, String> labels(Node node) {
    Map<String, String> l = node.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
