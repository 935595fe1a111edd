package dev.regatta.crd;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.ByteSize;
import dev.regatta.api.v1alpha1.IntOrStringBounds;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.units.Sizes;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/**
 * Adds to the generated schema the bounds fabric8's generator cannot write: those of int-or-string fields
 * (from {@link ByteSize} and {@link IntOrStringBounds}), and those of the Kubernetes types a run embeds (env,
 * tolerations, security contexts, resources), which carry no annotations of ours. Every value of a run is then
 * bounded in the CRD ({@code SchemaAgreementTest} checks it).
 */
final class SchemaBounds {
  static final double MAX_QUANTITY = Limits.MAX_QUANTITY;
  static final long MAX_QUANTITY_LENGTH = 64;

  private SchemaBounds() {}

  static void add(CustomResourceDefinition crd) {
    for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
      JSONSchemaProps spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
      TypeSchemaWalk.walk(BenchmarkRunSpec.class, spec, "spec", SchemaBounds::bound);
    }
  }

  private static void bound(TypeSchemaWalk.Node n) {
    JSONSchemaProps s = n.schema();
    ByteSize size = n.annotation(ByteSize.class);
    IntOrStringBounds bounds = n.annotation(IntOrStringBounds.class);
    if (size != null) {
      s.setMinimum((double) size.min());
      s.setMaximum((double) Math.min(size.max(), Integer.MAX_VALUE));
      s.setPattern(Sizes.PATTERN);
      s.setMaxLength((long) Sizes.MAX_LENGTH);
    } else if (bounds != null) {
      s.setMinimum((double) bounds.min());
      s.setMaximum((double) bounds.max());
      s.setMaxLength((long) bounds.maxLength());
    } else if (n.embedded()) {
      embedded(n, s);
    }
  }

  private static void embedded(TypeSchemaWalk.Node n, JSONSchemaProps s) {
    if (n.type().getRawClass() == Quantity.class) {
      setIfAbsent(s, 0d, MAX_QUANTITY);
      if (s.getMaxLength() == null) {
        s.setMaxLength(MAX_QUANTITY_LENGTH);
      }
      return;
    }
    String type = s.getType() == null ? "" : s.getType();
    switch (type) {
      case "integer" -> setIfAbsent(s, 0d, (double) Limits.MAX_EMBEDDED_INTEGER);
      case "string" -> {
        if (s.getMaxLength() == null && (s.getEnum() == null || s.getEnum().isEmpty())) {
          s.setMaxLength((long) Limits.MAX_EMBEDDED_STRING);
        }
      }
      case "array" -> {
        if (s.getMaxItems() == null) {
          s.setMaxItems((long) Limits.MAX_LIST_ITEMS);
        }
      }
      case "object" -> {
        if (s.getAdditionalProperties() != null && s.getAdditionalProperties().getSchema() != null
            && s.getMaxProperties() == null) {
          s.setMaxProperties((long) Limits.MAX_MAP_ENTRIES);
        }
      }
      default -> { }
    }
  }

  private static void setIfAbsent(JSONSchemaProps s, double min, double max) {
    if (s.getMinimum() == null) {
      s.setMinimum(min);
    }
    if (s.getMaximum() == null) {
      s.setMaximum(max);
    }
  }
}
