package dev.regatta.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.validation.Violation;
import java.util.List;

/**
 * A spec or status as the API handed it over when it does not fit the Java types: what is wrong with it, field by
 * field, and the JSON itself (so that writing the object back does not lose what its author wrote).
 */
public record Unreadable(List<Violation> violations, JsonNode raw) {
  public Unreadable {
    violations = List.copyOf(violations);
  }
}
