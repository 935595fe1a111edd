package dev.regatta.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.validation.Violation;
import java.util.List;

/**
 * Reads a spec from its JSON without ever failing: unknown fields, types and enums against the CRD schema first
 * ({@link ShapeCheck#read}), then a strict binding ({@link StrictBinding}), which fails on a number its Java type
 * cannot hold. Bounds the types can hold are SpecValidator's to check, with every other rule, all at once. A spec that does not fit comes back as
 * {@link BenchmarkRunSpec#unreadable()}, with the fields named, for SpecValidator to report. This is what keeps
 * one malformed run from stopping the operator: the informer that lists and watches runs never sees an exception.
 */
public final class SpecReading {
  private SpecReading() {}

  public static BenchmarkRunSpec spec(JsonNode raw) {
    try {
      List<Violation> shape = ShapeCheck.read(raw);
      if (!shape.isEmpty()) {
        return BenchmarkRunSpec.unreadable(new Unreadable(shape, raw));
      }
      return StrictBinding.bind(raw, BenchmarkRunSpec.class, "spec", SpecSchema.spec());
    } catch (StrictBinding.Failure f) {
      return BenchmarkRunSpec.unreadable(new Unreadable(List.of(f.violation()), raw));
    } catch (RuntimeException | StackOverflowError e) {
      // Whatever went wrong, the run fails alone; nothing reaches the informer.
      return BenchmarkRunSpec.unreadable(new Unreadable(
          List.of(new Violation("spec", "cannot be read: " + e.getClass().getSimpleName())), raw));
    }
  }
}
