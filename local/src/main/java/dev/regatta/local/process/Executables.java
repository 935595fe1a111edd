package dev.regatta.local.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable as exec does: a path containing a slash as it is, a bare name on PATH. */
public final class Executables {
  private Executables() {}

  public static Optional<Path> find(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    if (name.contains("/")) {
      Path p = Path.of(name);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
