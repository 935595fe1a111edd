package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API server's validation of one version of a custom resource, from its CRD: prune unknown fields, drop
 * non-nullable nulls, apply defaults, then check ObjectMeta, kind and apiVersion, the OpenAPI v3 schema
 * ({@link SchemaValidator}) and, unless a blocking error was found, the CEL rules ({@link CelValidator}).
 * On update it is given the old object, for transition rules and ratcheting.
 */
public final class CustomResourceValidator {
  static final String NOT_CHECKED = "some validation rules were not checked because the object was invalid; "
      + "correct the existing errors to complete validation";

  private final JsonNode schema;
  private final String kind;
  private final String apiVersion;
  private final CelValidator cel = new CelValidator();

  /** What the API server would store, and why it would not. */
  public record Result(ObjectNode object, List<String> unknownFields, List<FieldError> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  private CustomResourceValidator(JsonNode schema, String kind, String apiVersion) {
    this.schema = schema;
    this.kind = kind;
    this.apiVersion = apiVersion;
  }

  /** The validator of a served version of this CRD; IllegalArgumentException when it has no such version. */
  public static CustomResourceValidator of(JsonNode crd, String version) {
    JsonNode spec = crd.path("spec");
    for (JsonNode v : spec.path("versions")) {
      if (v.path("name").asText().equals(version)) {
        JsonNode s = v.path("schema").path("openAPIV3Schema");
        if (!s.isObject()) {
          s = spec.path("validation").path("openAPIV3Schema");
        }
        return new CustomResourceValidator(s, spec.path("names").path("kind").asText(),
            spec.path("group").asText() + "/" + version);
      }
    }
    throw new IllegalArgumentException("version " + version + " is not served by " + crd.path("metadata").path("name"));
  }

  public String kind() {
    return kind;
  }

  /**
   * Prunes, defaults and validates object in place (old: the stored object on update, null on create). The
   * returned unknown fields were removed; whether that is an error is the caller's (fieldValidation) choice.
   */
  public Result admit(ObjectNode object, JsonNode old) {
    List<String> unknown = Pruning.pruneObject(schema, object);
    Pruning.nullsAndDefaults(schema, object);
    return new Result(object, unknown, validate(object, old));
  }

  /** The validation errors of an already pruned and defaulted object, deduplicated like the API server's. */
  public List<FieldError> validate(JsonNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>();
    ObjectMetaValidator.validate(object.get("metadata"), errors);
    if (!kind.equals(object.path("kind").asText())) {
      errors.add(FieldError.invalid("kind", object.path("kind"), "must be " + kind));
    }
    if (!apiVersion.equals(object.path("apiVersion").asText())) {
      errors.add(FieldError.invalid("apiVersion", object.path("apiVersion"), "must be " + apiVersion));
    }
    SchemaValidator.validate(schema, object, old, "", errors);
    if (errors.stream().anyMatch(SchemaValidator::blocksCel)) {
      errors.add(FieldError.invalid("<nil>", null, NOT_CHECKED));
    } else {
      cel.validate(schema, object, old, "", errors);
    }
    Set<String> seen = new LinkedHashSet<>();
    return errors.stream().filter(e -> seen.add(e.toString())).toList();
  }
}
