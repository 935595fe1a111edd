package dev.regatta.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates x-kubernetes-validations rules with Google's CEL implementation (cel-java), the way the API
 * server does on create: {@code self} is the value at the rule's schema node, typed by the schema (so a
 * {@code number} field is a double even when written as 100), and transition rules (those that mention
 * {@code oldSelf}) are skipped because there is no old object.
 */
final class CelRules {
  private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  /** Compiles a rule; throws IllegalArgumentException with the compiler's message when it does not compile. */
  CelRuntime.Program compile(String rule) {
    CelRuntime.Program p = programs.get(rule);
    if (p == null) {
      try {
        CelAbstractSyntaxTree ast = compiler.compile(rule).getAst();
        p = runtime.createProgram(ast);
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalArgumentException("CEL rule does not compile: " + rule + "\n" + e.getMessage(), e);
      }
      programs.put(rule, p);
    }
    return p;
  }

  static boolean isTransitionRule(String rule) {
    return rule.contains("oldSelf");
  }

  /** Null when the rule holds (or is a transition rule); otherwise the message the API server would give. */
  String evaluate(JsonNode ruleSpec, JsonNode schema, JsonNode value) {
    String rule = ruleSpec.path("rule").asText();
    if (isTransitionRule(rule)) {
      return null;
    }
    CelRuntime.Program program = compile(rule);
    try {
      Object result = program.eval(Map.of("self", toCel(schema, value)));
      if (Boolean.TRUE.equals(result)) {
        return null;
      }
      return ruleSpec.has("message") ? ruleSpec.get("message").asText() : "failed rule: " + rule;
    } catch (CelEvaluationException e) {
      return e.getMessage() + " evaluating rule: " + rule;
    }
  }

  /** JSON to the values CEL sees: objects and maps as maps, arrays as lists, numbers by their schema type. */
  static Object toCel(JsonNode schema, JsonNode v) {
    if (v == null || v.isNull()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    if (v.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), toCel(childSchema(schema, e.getKey()), e.getValue()));
      }
      return m;
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      JsonNode items = schema == null ? null : schema.get("items");
      v.forEach(item -> l.add(toCel(items, item)));
      return l;
    }
    if (v.isNumber()) {
      boolean isDouble = schema != null ? "number".equals(schema.path("type").asText()) : !v.isIntegralNumber();
      return isDouble ? (Object) v.asDouble() : (Object) v.asLong();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.asText();
  }

  private static JsonNode childSchema(JsonNode schema, String name) {
    if (schema == null) {
      return null;
    }
    if (schema.path("properties").has(name)) {
      return schema.path("properties").get(name);
    }
    JsonNode ap = schema.get("additionalProperties");
    return ap != null && ap.isObject() ? ap : null;
  }
}
