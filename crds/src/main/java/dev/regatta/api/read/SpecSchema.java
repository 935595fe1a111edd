package dev.regatta.api.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.RunFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The openAPIV3Schema of spec, from the CRD on the classpath (generated from the Java types by {@code make crd};
 * CommittedCrdTest keeps the copy in step). Reading a run checks its raw JSON against it first, so what the CRD
 * refuses on a cluster, the operator and the runner refuse too, with the field named.
 */
public final class SpecSchema {
  public static final String RESOURCE = "META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml";

  private static volatile JsonNode spec;

  private SpecSchema() {}

  public static JsonNode spec() {
    JsonNode s = spec;
    if (s == null) {
      s = load();
      spec = s;
    }
    return s;
  }

  private static JsonNode load() {
    try (InputStream in = SpecSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the BenchmarkRun CRD is not on the classpath at " + RESOURCE);
      }
      JsonNode s = RunFiles.yaml().readTree(in).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
      if (!s.isObject()) {
        throw new IllegalStateException(RESOURCE + " has no schema for spec");
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
