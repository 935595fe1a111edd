package dev.regatta.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
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
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .stringQuotingChecker(new StringsStayStrings())
      .build())
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

  /**
   * Quotes every string the parser would not read back as that same string. MINIMIZE_QUOTES alone writes "2",
   * "0.5", "1e3" or ".inf" bare, which come back as numbers (or fail): an env value "2" or acks "1" in the spec
   * ConfigMap would no longer be a string for the runner that reads it.
   */
  private static final class StringsStayStrings extends StringQuotingChecker.Default {
    private static final ObjectMapper PLAIN = new ObjectMapper(new YAMLFactory());

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || !readsBackAs(value);
    }

    private static boolean readsBackAs(String value) {
      if (value.isEmpty() || value.indexOf('\n') >= 0) {
        return true; // the default checker and the block styles handle these
      }
      try {
        JsonNode back = PLAIN.readTree("v: " + value).get("v");
        return back != null && back.isTextual() && back.asText().equals(value);
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
  }

  public static String toYaml(Object o) {
    try {
      return YAML.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
