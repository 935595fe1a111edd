package dev.regatta.local;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checkout the tests run in (surefire's working directory is the local module). */
final class Repo {
  private Repo() {}

  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
  }

  static Path runnerJar() {
    Path jar = root().resolve("runner/target/regatta-runner.jar");
    if (!Files.isRegularFile(jar)) {
      fail("the runner jar " + jar + " is missing: build it first (make build, or mvn -pl runner -am package)");
    }
    return jar;
  }

  static String redisServer() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "redis-server"))) {
        return Path.of(dir, "redis-server").toString();
      }
    }
    return fail("redis-server is not installed: apt-get install -y redis-server (make test does it when run as root)");
  }

  static String kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return Path.of(dir, "kubectl").toString();
      }
    }
    return fail("kubectl is not installed: see https://kubernetes.io/docs/tasks/tools/ (Debian/Ubuntu: apt-get install -y "
        + "kubectl from the Kubernetes apt repository, or download the binary to /usr/local/bin)");
  }
}
