package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Field selectors (a=b, a==b, a!=b, comma-separated) evaluated on the JSON of an object. The CRUD store
 * only knows metadata.name and metadata.namespace; kubectl describe lists Events with
 * involvedObject.name/namespace/kind/uid, so the embedded API filters here instead.
 */
final class FieldSelector {
  private record Requirement(String field, String value, boolean equal) {}

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  static FieldSelector parse(String selector) {
    List<Requirement> reqs = new ArrayList<>();
    if (selector != null) {
      for (String part : selector.split(",")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        int ne = p.indexOf("!=");
        if (ne > 0) {
          reqs.add(new Requirement(p.substring(0, ne), p.substring(ne + 2), false));
          continue;
        }
        int eq = p.indexOf('=');
        if (eq > 0) {
          String value = p.substring(eq + 1);
          reqs.add(new Requirement(p.substring(0, eq), value.startsWith("=") ? value.substring(1) : value, true));
        }
      }
    }
    return new FieldSelector(reqs);
  }

  boolean isEmpty() {
    return requirements.isEmpty();
  }

  boolean matches(JsonNode object) {
    for (Requirement r : requirements) {
      JsonNode n = JsonPaths.get(object, "." + r.field());
      String actual = n.isMissingNode() || n.isNull() ? "" : n.asText();
      if (actual.equals(r.value()) != r.equal()) {
        return false;
      }
    }
    return true;
  }
}
