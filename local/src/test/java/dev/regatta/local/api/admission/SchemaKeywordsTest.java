package dev.regatta.local.api.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each OpenAPI keyword and CEL feature the embedded API checks, on a small CRD of its own (so the test does not
 * move with the BenchmarkRun schema), with the exact text the API server answers.
 */
class SchemaKeywordsTest {
  static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.test.dev}
      spec:
        group: test.dev
        names: {kind: Widget, plural: widgets}
        scope: Namespaced
        versions:
        - name: v1
          served: true
          storage: true
          subresources: {status: {}}
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  required: [size]
                  x-kubernetes-validations:
                  - {rule: "!has(self.min) || !has(self.max) || self.min <= self.max", message: "min must not exceed max"}
                  - {rule: "self.size == oldSelf.size", message: "size is immutable"}
                  - {rule: "!has(self.mode) || self.mode != 'b' || has(self.extra)",
                     messageExpression: "'mode b needs extra (size ' + string(self.size) + ')'"}
                  - {rule: "!has(self.tags) || size(self.tags) < 3", fieldPath: ".tags", reason: FieldValueForbidden,
                     message: "at most 2 tags"}
                  - {rule: "!has(self.ratio) || self.ratio > 1"}
                  properties:
                    size: {type: integer, minimum: 1, maximum: 2147483647}
                    ratio: {type: number, minimum: 0, exclusiveMinimum: true, multipleOf: 0.5}
                    mode: {type: string, enum: [a, b], default: a}
                    name: {type: string, minLength: 2, maxLength: 8, pattern: '^[a-z]+$'}
                    when: {type: string, format: date-time}
                    amount: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}], pattern: '^[0-9]+Ki$'}
                    maybe: {type: string, nullable: true}
                    never: {type: string}
                    min: {type: integer}
                    max: {type: integer}
                    extra: {type: boolean}
                    tags: {type: array, minItems: 1, maxItems: 4, items: {type: string}, x-kubernetes-list-type: set}
                    ports:
                      type: array
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [name]
                      items:
                        type: object
                        required: [name]
                        properties:
                          name: {type: string}
                          port: {type: integer, maximum: 65535}
                        x-kubernetes-validations:
                        - {rule: "!has(oldSelf.port) || self.port >= oldSelf.port", message: "a port only grows"}
                    labels: {type: object, maxProperties: 2, additionalProperties: {type: string, maxLength: 3}}
                    free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                status:
                  type: object
                  properties:
                    phase: {type: string, enum: [Up, Down]}
      """;

  private final CustomResourceValidator validator = CustomResourceValidator.of(yaml(CRD), "v1");

  private static JsonNode yaml(String s) {
    try {
      return RunFiles.yaml().readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode widget(String spec) {
    return (ObjectNode) yaml("{apiVersion: test.dev/v1, kind: Widget, metadata: {name: w, namespace: default}, spec: "
        + spec + "}");
  }

  private List<String> errors(String spec) {
    return validator.admit(widget(spec), null).errors().stream().map(FieldError::toString).toList();
  }

  private List<String> updateErrors(String oldSpec, String newSpec) {
    ObjectNode old = widget(oldSpec);
    validator.admit(old, null);
    return validator.admit(widget(newSpec), old).errors().stream().map(FieldError::toString).toList();
  }

  @Test
  void aValidObjectIsAcceptedAndDefaulted() {
    CustomResourceValidator.Result r = validator.admit(widget("{size: 3, name: abc, tags: [x], amount: 4Ki}"), null);
    assertEquals(List.of(), r.errors());
    assertEquals(List.of(), r.unknownFields());
    assertEquals("a", r.object().at("/spec/mode").asText(), "default applied");
  }

  @Test
  void types() {
    assertEquals(List.of("spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"",
        "<nil>: Invalid value: \"null\": " + CustomResourceValidator.NOT_CHECKED), errors("{size: '3'}"));
    assertEquals("spec.tags: Invalid value: \"object\": spec.tags in body must be of type array: \"object\"",
        errors("{size: 1, tags: {a: b}}").get(0));
    assertEquals("spec.extra: Invalid value: \"string\": spec.extra in body must be of type boolean: \"string\"",
        errors("{size: 1, extra: 'true'}").get(0));
    assertEquals("spec.amount: Invalid value: \"boolean\": spec.amount in body must be of type integer,string: \"boolean\"",
        errors("{size: 1, amount: true}").get(0));
    assertEquals(List.of(), errors("{size: 1.0}"), "a float with an integral value is an integer, as in Go");
    assertEquals("spec.size: Invalid value: \"number\": spec.size in body must be of type integer: \"number\"",
        errors("{size: 18446744073709551616}").get(0), "2^64 does not fit an int64: Go decodes it as a float");
    assertEquals("spec.size: Invalid value: \"number\": spec.size in body must be of type integer: \"number\"",
        errors("{size: 1.5}").get(0));
  }

  @Test
  void boundsPrintTheirLimitsAsGoDoes() {
    assertEquals(List.of("spec.size: Invalid value: 3000000000: spec.size in body should be less than or equal to "
        + "2.147483647e+09"), errors("{size: 3000000000}"));
    assertEquals(List.of("spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"),
        errors("{size: 0}"));
    // not a blocking error: the CEL rules still run, and one of them fails too
    assertEquals(List.of("spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0",
        "spec: Invalid value: \"object\": failed rule: !has(self.ratio) || self.ratio > 1"), errors("{size: 1, ratio: 0}"));
    assertEquals(List.of("spec.ratio: Invalid value: 1.2: spec.ratio in body should be a multiple of 0.5"),
        errors("{size: 1, ratio: 1.2}"));
    assertEquals(List.of("spec.ports[0].port: Invalid value: 70000: spec.ports[0].port in body should be less than or "
        + "equal to 65535"), errors("{size: 1, ports: [{name: a, port: 70000}]}"));
  }

  @Test
  void strings() {
    assertEquals(List.of("spec.name: Too long: may not be longer than 8",
        "<nil>: Invalid value: \"null\": " + CustomResourceValidator.NOT_CHECKED), errors("{size: 1, name: abcdefghi}"));
    assertEquals(List.of("spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long"),
        errors("{size: 1, name: a}"));
    assertEquals(List.of("spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'"),
        errors("{size: 1, name: AB}"));
    assertEquals(List.of("spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: "
        + "\"yesterday\""), errors("{size: 1, when: yesterday}").subList(0, 1));
    assertEquals(List.of(), errors("{size: 1, when: '2025-01-02T03:04:05Z'}"));
    assertEquals(List.of("spec.amount: Invalid value: \"4k\": spec.amount in body should match '^[0-9]+Ki$'"),
        errors("{size: 1, amount: 4k}"));
  }

  @Test
  void aHostileStringIsQuotedShortAndItsControlCharactersEscaped() {
    // built as JSON nodes: a YAML parser takes seconds over a 1 MB scalar, the API server's JSON decoder does not
    ObjectNode long1 = widget("{size: 1}");
    ((ObjectNode) long1.get("spec")).put("name", "x".repeat(1_000_000) + "\r\n");
    String error = validator.admit(long1, null).errors().get(0).toString();
    assertEquals("spec.name: Too long: may not be longer than 8", error);
    String pattern = errors("{size: 1, name: \"ab\\r\\nc\"}").get(0);
    assertEquals("spec.name: Invalid value: \"ab\\r\\nc\": spec.name in body should match '^[a-z]+$'", pattern);
    ObjectNode long2 = widget("{size: 1}");
    ((ObjectNode) long2.get("spec")).put("amount", "9".repeat(1_000_000) + "x");
    String huge = validator.admit(long2, null).errors().get(0).toString();
    assertEquals("spec.amount: Invalid value: \"" + "9".repeat(256) + "\"...(999745 more characters): spec.amount in body "
        + "should match '^[0-9]+Ki$'", huge, "a 1 MB value is quoted as a prefix");
  }

  @Test
  void enumsRequiredAndCounts() {
    assertEquals("spec.mode: Unsupported value: \"c\": supported values: \"a\", \"b\"", errors("{size: 1, mode: c}").get(0));
    assertEquals("spec.size: Required value", errors("{}").get(0));
    assertEquals("spec.tags: Too many: 5: must have at most 4 items", errors("{size: 1, tags: [a, b, c, d, e]}").get(0));
    assertEquals(List.of("spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items"),
        errors("{size: 1, tags: []}"));
    assertEquals("spec.labels: Too many: 3: must have at most 2 items", errors("{size: 1, labels: {a: x, b: y, c: z}}")
        .get(0));
    assertEquals("spec.labels.a: Too long: may not be longer than 3", errors("{size: 1, labels: {a: long}}").get(0));
    assertEquals("spec.ports[0].name: Required value", errors("{size: 1, ports: [{port: 1}]}").get(0));
  }

  @Test
  void listTypesSetAndMapRefuseDuplicates() {
    assertEquals(List.of("spec.tags[1]: Duplicate value: \"a\""), errors("{size: 1, tags: [a, a]}"));
    assertEquals(List.of("spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}"),
        errors("{size: 1, ports: [{name: http, port: 1}, {name: http, port: 2}]}"));
  }

  @Test
  void unknownFieldsArePrunedAndReportedExceptWherePreserved() {
    CustomResourceValidator.Result r = validator.admit(widget(
        "{size: 1, warmpu: 3, labels: {ok: x}, free: {anything: {goes: 1}}, ports: [{name: a, prot: 1}]}"), null);
    assertEquals(List.of("spec.ports[0].prot", "spec.warmpu"), r.unknownFields());
    assertFalse(r.object().at("/spec").has("warmpu"));
    assertEquals(1, r.object().at("/spec/free/anything/goes").asInt());
    ObjectNode top = widget("{size: 1}");
    top.put("specs", "typo");
    ((ObjectNode) top.get("metadata")).put("nmae", "typo");
    assertEquals(List.of("metadata.nmae", "specs"), validator.admit(top, null).unknownFields());
  }

  @Test
  void nullsOfFieldsThatAreNotNullableAreDroppedAndDefaultsTakeTheirPlace() {
    CustomResourceValidator.Result r = validator.admit(widget("{size: 1, never: null, maybe: null, mode: null}"), null);
    assertEquals(List.of(), r.errors());
    assertFalse(r.object().at("/spec").has("never"));
    assertTrue(r.object().at("/spec/maybe").isNull(), "nullable: kept");
    assertEquals("a", r.object().at("/spec/mode").asText());
    assertEquals("spec.tags[0]: Invalid value: \"null\": spec.tags[0] in body must be of type string: \"null\"",
        errors("{size: 1, tags: [null]}").get(0));
  }

  @Test
  void celRulesWithMessageMessageExpressionFieldPathAndReason() {
    assertEquals(List.of("spec: Invalid value: \"object\": min must not exceed max"), errors("{size: 1, min: 5, max: 2}"));
    assertEquals(List.of("spec: Invalid value: \"object\": mode b needs extra (size 7)"), errors("{size: 7, mode: b}"));
    assertEquals(List.of("spec.tags: Forbidden: at most 2 tags"), errors("{size: 1, tags: [a, b, c]}"));
    assertEquals(List.of("spec: Invalid value: \"object\": failed rule: !has(self.ratio) || self.ratio > 1"),
        errors("{size: 1, ratio: 0.5}"), "no message: the rule itself, as the API server says");
  }

  @Test
  void transitionRulesRunOnUpdateOnlyAndUnchangedValuesRatchet() {
    assertEquals(List.of(), errors("{size: 1}"), "create: oldSelf rules are skipped");
    assertEquals(List.of("spec: Invalid value: \"object\": size is immutable"), updateErrors("{size: 1}", "{size: 2}"));
    assertEquals(List.of(), updateErrors("{size: 1}", "{size: 1, name: ab}"));
    // list-type map items correlate by key, so their transition rules run
    assertEquals(List.of("spec.ports[0]: Invalid value: \"object\": a port only grows"),
        updateErrors("{size: 1, ports: [{name: a, port: 80}]}", "{size: 1, ports: [{name: a, port: 79}]}"));
    assertEquals(List.of(), updateErrors("{size: 1, ports: [{name: a, port: 80}]}", "{size: 1, ports: [{name: b, port: 79}]}"),
        "a new key has no old item: the transition rule is skipped");
    // an invalid value stored under an older schema may stay while something else changes
    ObjectNode old = widget("{size: 1, name: ABC}");
    ObjectNode changed = widget("{size: 1, name: ABC}");
    ((ObjectNode) changed.get("metadata")).putObject("labels").put("touched", "yes");
    assertEquals(List.of(), validator.validate(changed, old));
  }

  @Test
  void objectMetaAsTheApiServerChecksIt() {
    ObjectNode upper = widget("{size: 1}");
    ((ObjectNode) upper.get("metadata")).put("name", "MyRun");
    String e = validator.admit(upper, null).errors().get(0).toString();
    assertTrue(e.startsWith("metadata.name: Invalid value: \"MyRun\": a lowercase RFC 1123 subdomain must consist of"), e);
    ObjectNode big = widget("{size: 1}");
    ((ObjectNode) big.get("metadata")).putObject("annotations").put("a", "x".repeat(300_000));
    assertEquals("metadata.annotations: Too long: must have at most 262144 bytes",
        validator.admit(big, null).errors().get(0).toString());
    ObjectNode wrongKind = widget("{size: 1}");
    wrongKind.put("kind", "Gadget");
    assertEquals("kind: Invalid value: \"Gadget\": must be Widget", validator.admit(wrongKind, null).errors().get(0)
        .toString());
  }

  @Test
  void aCauseCarriesTheReasonFieldAndMessage() {
    FieldError e = validator.admit(widget("{size: 0}"), null).errors().get(0);
    assertEquals("{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: 0: spec.size in body should be greater "
        + "than or equal to 1\",\"field\":\"spec.size\"}", e.cause().toString());
  }

  @Test
  void goFloatFormatting() {
    assertEquals("2.147483647e+09", GoFormat.number(2147483647d));
    assertEquals("100000", GoFormat.number(100000d));
    assertEquals("1e+06", GoFormat.number(1e6));
    assertEquals("0.001", GoFormat.number(0.001));
    assertEquals("1e-05", GoFormat.number(0.00001));
    assertEquals("1.8446744073709552e+19", GoFormat.number(Math.pow(2, 64)));
    assertEquals("-1.5", GoFormat.number(-1.5));
  }
}
