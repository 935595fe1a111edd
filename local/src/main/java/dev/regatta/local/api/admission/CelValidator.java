package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The x-kubernetes-validations part of the API server's validation, evaluated with Google's CEL implementation
 * (cel-java): each rule sees {@code self}, the value at its schema node, typed by the schema (a {@code number}
 * is a double even when written as 100). Transition rules (those that read {@code oldSelf}) run only on update
 * and only where the old object has a value at the same place: object fields always correlate, list items only
 * in lists of {@code x-kubernetes-list-type: map}, as on a cluster. {@code message}, {@code messageExpression},
 * {@code fieldPath} and {@code reason} shape the error as the API server does.
 *
 * <p>Each evaluation is bounded (a step budget, like the API server's per-call cost limit), so a hostile list
 * cannot keep a rule running.
 */
final class CelValidator {
  /** Evaluation steps one rule may take on one value; the API server's per-call cost limit is 1,000,000. */
  static final long STEP_BUDGET = 1_000_000;
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

  private final CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true)
      .comprehensionMaxIterations(100_000).build();
  private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(options)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addLibraries(CelExtensions.strings(), CelExtensions.sets(options))
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
      .setOptions(options)
      .addLibraries(CelExtensions.strings(), CelExtensions.sets(options))
      .build();
  private final Map<String, Compiled> programs = new ConcurrentHashMap<>();

  private record Compiled(CelRuntime.Program program, String error) {}

  /** Evaluates every rule in schema against value (and old, on update), adding failures to errors. */
  void validate(JsonNode schema, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    if (old != null && SchemaNodes.same(old, value)) {
      return; // ratcheting: an unchanged value is not checked again
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      FieldError e = evaluate(rule, schema, value, old, path);
      if (e != null) {
        errors.add(e);
      }
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode s = SchemaNodes.child(schema, f.getKey());
        String child = SchemaNodes.isProperty(schema, f.getKey()) ? SchemaNodes.field(path, f.getKey())
            : SchemaNodes.key(path, f.getKey());
        validate(s, f.getValue(), old != null && old.isObject() ? old.get(f.getKey()) : null, child, errors);
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        validate(schema.get("items"), item, SchemaNodes.correlatedItem(schema, old, item), SchemaNodes.index(path, i),
            errors);
      }
    }
  }

  static boolean isTransitionRule(String rule) {
    return OLD_SELF.matcher(rule).find();
  }

  private FieldError evaluate(JsonNode rule, JsonNode schema, JsonNode value, JsonNode old, String path) {
    String text = rule.path("rule").asText();
    boolean transition = isTransitionRule(text);
    if (transition && old == null) {
      return null; // create, or nothing to correlate with: the API server skips transition rules
    }
    String at = errorPath(path, rule.path("fieldPath").asText(""));
    String type = schema.path("type").asText("");
    Compiled c = compile(text);
    if (c.error() != null) {
      return FieldError.invalid(at, text(type), "compilation failed: " + c.error());
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(schema, value));
    if (transition) {
      vars.put("oldSelf", toCel(schema, old));
    }
    Object result;
    try {
      result = run(c.program(), vars);
    } catch (BudgetExceeded e) {
      return FieldError.invalid(at, text(type), "call cost exceeds limit for rule: " + text.strip());
    } catch (CelEvaluationException | RuntimeException e) {
      return FieldError.invalid(at, text(type), "rule evaluation error: " + e.getMessage());
    }
    if (Boolean.TRUE.equals(result)) {
      return null;
    }
    String message = message(rule, vars, text);
    return switch (rule.path("reason").asText("FieldValueInvalid")) {
      case "FieldValueForbidden" -> FieldError.forbidden(at, message);
      case "FieldValueRequired" -> FieldError.required(at, message);
      case "FieldValueDuplicate" -> FieldError.duplicate(at, text(type));
      default -> FieldError.invalid(at, text(type), message);
    };
  }

  /** messageExpression when it yields a usable string, else message, else the API server's default. */
  private String message(JsonNode rule, Map<String, Object> vars, String text) {
    if (rule.hasNonNull("messageExpression")) {
      Compiled c = compile(rule.get("messageExpression").asText());
      if (c.error() == null) {
        try {
          Object m = run(c.program(), vars);
          if (m instanceof String s && !s.isBlank() && !s.contains("\n")) {
            return s;
          }
        } catch (CelEvaluationException | RuntimeException ignored) {
          // falls back to message, as the API server does
        }
      }
    }
    return rule.hasNonNull("message") ? rule.get("message").asText() : "failed rule: " + text.strip();
  }

  private Compiled compile(String expression) {
    return programs.computeIfAbsent(expression, e -> {
      try {
        CelAbstractSyntaxTree ast = compiler.compile(e).getAst();
        return new Compiled(runtime.createProgram(ast), null);
      } catch (CelValidationException | CelEvaluationException ex) {
        return new Compiled(null, ex.getMessage());
      }
    });
  }

  private static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super("cost budget exceeded", null, false, false);
    }
  }

  private static Object run(CelRuntime.Program program, Map<String, Object> vars) throws CelEvaluationException {
    long[] steps = {0};
    try {
      return program.trace(vars, (expr, result) -> {
        if (++steps[0] > STEP_BUDGET) {
          throw new BudgetExceeded();
        }
      });
    } catch (CelEvaluationException e) {
      if (e.getCause() instanceof BudgetExceeded b) {
        throw b;
      }
      throw e;
    }
  }

  private static String errorPath(String path, String fieldPath) {
    String p = path;
    if (!fieldPath.isEmpty()) {
      p = fieldPath.startsWith(".") ? (p.isEmpty() ? fieldPath.substring(1) : p + fieldPath) : p + fieldPath;
    }
    return p.isEmpty() ? "<nil>" : p;
  }

  private static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  /** JSON to the values CEL sees: objects as maps, arrays as lists, numbers by their schema type. */
  static Object toCel(JsonNode schema, JsonNode v) {
    if (v == null || v.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (v.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), toCel(SchemaNodes.child(schema, e.getKey()), e.getValue()));
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
      boolean isDouble = schema != null && schema.has("type") ? "number".equals(schema.path("type").asText())
          : !v.isIntegralNumber();
      return isDouble ? (Object) v.asDouble() : (Object) v.asLong();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.asText();
  }
}
