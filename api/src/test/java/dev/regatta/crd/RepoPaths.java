package dev.regatta.crd;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files outside the api module that its tests check: the committed CRD, the Helm chart, the examples. */
public final class RepoPaths {
  private RepoPaths() {}

  /** The repository root: the nearest directory up from the working directory holding api/ and deploy/. */
  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("api")) && Files.isRegularFile(p.resolve("pom.xml"))
          && Files.isRegularFile(p.resolve("Makefile"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("run from inside the Regatta repository (no api/ and Makefile above "
        + Path.of("").toAbsolutePath() + ")");
  }

  public static Path deployedCrd() {
    return root().resolve("deploy/crds").resolve(CrdGeneration.FILE_NAME);
  }

  public static Path helmChartCrd() {
    return root().resolve("deploy/helm/regatta/crds").resolve(CrdGeneration.FILE_NAME);
  }

  /** The copy on the api classpath, under the name fabric8's generator gives it (local mode serves it). */
  public static Path classpathCrd() {
    return root().resolve("api/src/main/resources/META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml");
  }

  public static Path examples() {
    return root().resolve("examples");
  }
}
