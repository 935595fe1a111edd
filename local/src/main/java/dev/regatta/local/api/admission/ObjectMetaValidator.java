package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The ObjectMeta checks the API server makes on every custom resource (ValidateObjectMetaAccessor with
 * NameIsDNSSubdomain): name and generateName, labels, annotation keys and their total size. Messages are
 * apimachinery's, so {@code MyRun} is refused as a cluster refuses it. Patterns run on RE2, linear in the length
 * of a hostile value.
 */
final class ObjectMetaValidator {
  static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;
  private static final String DNS1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);
  private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern NAME_PART = Pattern.compile(QUALIFIED_NAME);
  private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
  private static final Pattern LABEL_VALUE_PATTERN = Pattern.compile(LABEL_VALUE);

  private ObjectMetaValidator() {}

  static void validate(JsonNode metadata, List<FieldError> errors) {
    if (metadata == null || !metadata.isObject()) {
      errors.add(FieldError.required("metadata", "name or generateName is required"));
      return;
    }
    String name = metadata.path("name").asText("");
    String generateName = metadata.path("generateName").asText("");
    if (name.isEmpty() && generateName.isEmpty()) {
      errors.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else if (!name.isEmpty()) {
      subdomain("metadata.name", name, errors);
    } else {
      // a generated name is the prefix plus 5 characters; the prefix may end in '-'
      String prefix = generateName.endsWith("-") ? generateName.substring(0, generateName.length() - 1) : generateName;
      subdomain("metadata.generateName", prefix.isEmpty() ? "a" : prefix, errors);
    }
    labels(metadata.get("labels"), errors);
    annotations(metadata.get("annotations"), errors);
  }

  private static void subdomain(String field, String value, List<FieldError> errors) {
    if (value.length() > 253) {
      errors.add(FieldError.invalid(field, text(value), "must be no more than 253 characters"));
    }
    if (!SUBDOMAIN.matcher(value).matches()) {
      errors.add(FieldError.invalid(field, text(value), "a lowercase RFC 1123 subdomain must consist of lower case "
          + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
          + "'example.com', regex used for validation is '" + DNS1123_SUBDOMAIN + "')"));
    }
  }

  private static void labels(JsonNode labels, List<FieldError> errors) {
    if (labels == null || !labels.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      qualifiedName("metadata.labels", e.getKey(), errors);
      String v = e.getValue().asText("");
      if (v.length() > 63) {
        errors.add(FieldError.invalid("metadata.labels", text(v), "must be no more than 63 characters"));
      }
      if (!LABEL_VALUE_PATTERN.matcher(v).matches()) {
        errors.add(FieldError.invalid("metadata.labels", text(v), "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE + "')"));
      }
    }
  }

  private static void annotations(JsonNode annotations, List<FieldError> errors) {
    if (annotations == null || !annotations.isObject()) {
      return;
    }
    long bytes = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      qualifiedName("metadata.annotations", e.getKey().toLowerCase(java.util.Locale.ROOT), errors);
      bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
          + e.getValue().asText("").getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_ANNOTATIONS_BYTES) {
      errors.add(FieldError.tooLong("metadata.annotations", "must have at most " + MAX_ANNOTATIONS_BYTES + " bytes"));
    }
  }

  /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
  private static void qualifiedName(String field, String key, List<FieldError> errors) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !SUBDOMAIN.matcher(prefix).matches()) {
        errors.add(FieldError.invalid(field, text(key), "prefix part a lowercase RFC 1123 subdomain must consist of "
            + "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        return;
      }
    }
    if (name.isEmpty() || name.length() > 63 || !NAME_PART.matcher(name).matches()) {
      errors.add(FieldError.invalid(field, text(key), "name part must consist of alphanumeric characters, '-', '_' or "
          + "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
          + "'123-abc', regex used for validation is '" + QUALIFIED_NAME + "') and be no more than 63 characters"));
    }
  }

  private static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }
}
