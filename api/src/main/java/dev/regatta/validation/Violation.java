package dev.regatta.validation;

/** One thing wrong with a spec: the field path (as kubectl explain names it) and what is wrong. */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
