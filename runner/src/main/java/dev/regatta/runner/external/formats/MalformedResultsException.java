package dev.regatta.runner.external.formats;

/**
 * A tool's results file that cannot be read (wrong format, truncated, a value out of range). The records read
 * before the bad line are kept by the caller: a tool killed mid-write leaves a half line, and what it measured
 * before that is still true.
 */
public final class MalformedResultsException extends Exception {
  public MalformedResultsException(String message) {
    super(message, null, false, false);
  }
}
