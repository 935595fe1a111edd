package dev.regatta.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Values printed the way the API server (Go) prints them in validation messages, so that local mode's
 * messages read like a cluster's: {@code %q} for strings, {@code %v} for numbers (a float64 bound such as
 * 2147483647 prints as {@code 2.147483647e+09}), {@code %#v} for maps.
 */
final class GoFormat {
  private GoFormat() {}

  /** A bad value as field.Error prints it: strings quoted, numbers and booleans bare, null as "null". */
  static String value(JsonNode v, int maxQuoted) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return quote("null", maxQuoted);
    }
    if (v.isTextual()) {
      return quote(v.asText(), maxQuoted);
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return Long.toString(v.asLong());
    }
    if (v.isNumber()) {
      return number(v.asDouble());
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.asBoolean());
    }
    return syntax(v, maxQuoted);
  }

  /** Go's {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e+06. */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = b.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - b.scale();
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return sign + b.abs().toPlainString();
  }

  /** Go's strconv.Quote, cut after max characters with a note of how much was left out. */
  static String quote(String s, int max) {
    String shown = s;
    String omitted = "";
    if (s.length() > max) {
      shown = s.substring(0, max);
      omitted = "...(" + (s.length() - max) + " more characters)";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\u0007' -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\u000b' -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').append(omitted).toString();
  }

  /** Go's {@code %#v} of what JSON decodes to: map[string]interface {}{...}, []interface {}{...}. */
  static String syntax(JsonNode v, int maxQuoted) {
    if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      List<String> parts = new ArrayList<>();
      for (String k : keys) {
        parts.add(quote(k, maxQuoted) + ":" + syntax(v.get(k), maxQuoted));
      }
      return "map[string]interface {}{" + String.join(", ", parts) + "}";
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
        parts.add(syntax(it.next(), maxQuoted));
      }
      return "[]interface {}{" + String.join(", ", parts) + "}";
    }
    if (v.isNull()) {
      return "interface {}(nil)";
    }
    return value(v, maxQuoted);
  }

  /** A JSON value's type as the API server names it in "must be of type" messages. */
  static String typeName(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    // Go decodes a JSON number to int64 when it fits and is written without a fraction, else float64
    return v.isIntegralNumber() && v.canConvertToLong() ? "integer" : "number";
  }
}
