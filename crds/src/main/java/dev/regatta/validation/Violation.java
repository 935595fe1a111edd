package dev.regatta.validation;

/**
 * One thing wrong with a spec: the field path (as kubectl explain names it) and what is wrong. Both are bounded
 * ({@link #MAX_FIELD}, {@link #MAX_MESSAGE} characters) whatever the spec holds: messages quote values through
 * {@link dev.regatta.units.Humanize#quote}, and this is the backstop for a path built from a user's map key.
 */
public record Violation(String field, String message) {
  public static final int MAX_FIELD = 200;
  public static final int MAX_MESSAGE = 400;

  public Violation {
    field = cut(field, MAX_FIELD);
    message = cut(message, MAX_MESSAGE);
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
