package dev.regatta.runner.cli;

/** A mistake in flags or a run file: retrying cannot help, exit code 2. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
