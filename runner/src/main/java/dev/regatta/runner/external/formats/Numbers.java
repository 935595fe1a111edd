package dev.regatta.runner.external.formats;

import com.fasterxml.jackson.databind.JsonNode;

/** The checks every numeric field of a record gets: present, a finite number, in range. */
final class Numbers {
  /** Epoch microseconds before 2001 or after 2286 are a unit mistake (seconds or nanoseconds), not a time. */
  private static final double MIN_EPOCH_MICROS = 1e15;
  private static final double MAX_EPOCH_MICROS = 1e16;

  private Numbers() {}

  static double required(JsonNode n, String field, long line) throws MalformedResultsException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new MalformedResultsException("line " + line + " has no " + field);
    }
    if (!v.isNumber()) {
      throw new MalformedResultsException("line " + line + ": " + field + " must be a number, got " + abbreviate(v.toString()));
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw new MalformedResultsException("line " + line + ": " + field + " is not a finite number");
    }
    return d;
  }

  static double count(JsonNode n, String field, long line) throws MalformedResultsException {
    double d = required(n, field, line);
    if (d < 0 || d > Long.MAX_VALUE) {
      throw new MalformedResultsException("line " + line + ": " + field + " must be 0 or more, got " + d);
    }
    return d;
  }

  /** A latency in the given unit (microseconds per unit) as whole microseconds; negative is an error. */
  static long micros(double value, double unitMicros, String field, long line) throws MalformedResultsException {
    if (value < 0) {
      throw new MalformedResultsException("line " + line + ": " + field + " is negative (" + value + ")");
    }
    return Math.round(value * unitMicros);
  }

  static long epochMicros(double micros, String field, long line) throws MalformedResultsException {
    if (!(micros >= MIN_EPOCH_MICROS && micros < MAX_EPOCH_MICROS)) {
      throw new MalformedResultsException("line " + line + ": " + field + " is not an epoch time in the unit it names ("
          + micros / 1000 + " ms)");
    }
    return (long) micros;
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
