package dev.regatta.runner.external;

import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's python3 (what scripts/ensure-deps.sh installs packages for), else the one on PATH. */
public final class Python {
  private Python() {}

  public static String interpreter() {
    Path debian = Path.of("/usr/bin/python3");
    return Files.isExecutable(debian) ? debian.toString() : "python3";
  }
}
