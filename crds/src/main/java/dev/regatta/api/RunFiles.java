package dev.regatta.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.validation.SpecValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads BenchmarkRun YAML the way kubectl does: one file may hold several documents, and documents of
 * other kinds (a Secret, a Service) are skipped here. A spec that does not fit the API (an unknown field, a
 * string where a number belongs, a value beyond its bound) is an error naming the field, so a typo in a run file
 * is reported instead of silently ignored.
 */
public final class RunFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);

  private RunFiles() {}

  public static ObjectMapper yaml() {
    return YAML;
  }

  /** Every BenchmarkRun in the file, in order. */
  public static List<BenchmarkRun> read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every BenchmarkRun in the YAML text; {@code source} names it in errors. */
  public static List<BenchmarkRun> parse(String yaml, String source) {
    List<BenchmarkRun> runs = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      int i = 0;
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        i++;
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        if (!BenchmarkRun.KIND.equals(doc.path("kind").asText())) {
          continue;
        }
        BenchmarkRun run;
        try {
          run = YAML.treeToValue(doc, BenchmarkRun.class);
        } catch (IOException e) {
          throw new IllegalArgumentException(source + " (document " + i + "): " + e.getMessage(), e);
        }
        if (run.getSpec() != null && run.getSpec().unreadable() != null) {
          throw new IllegalArgumentException(source + " (document " + i + "): "
              + SpecValidator.describe(run.getSpec().unreadable().violations()));
        }
        runs.add(run);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    return runs;
  }

  public static String toYaml(Object o) {
    try {
      return YAML.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
