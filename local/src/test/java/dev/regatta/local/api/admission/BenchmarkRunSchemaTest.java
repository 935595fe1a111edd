package dev.regatta.local.api.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The BenchmarkRun CRD that local mode serves, through the same validator: every example passes untouched. */
class BenchmarkRunSchemaTest {
  static JsonNode crd() throws Exception {
    try (InputStream in = BenchmarkRunSchemaTest.class.getClassLoader()
        .getResourceAsStream("META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml")) {
      return RunFiles.yaml().readTree(in);
    }
  }

  static List<Path> examples() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
    try (Stream<Path> s = Files.list(root.resolve("examples"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static List<ObjectNode> runs(Path file) throws Exception {
    List<ObjectNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(Files.readString(file))) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && "BenchmarkRun".equals(d.path("kind").asText())) {
          out.add((ObjectNode) d);
        }
      }
    }
    return out;
  }

  @Test
  void everyExampleIsAcceptedWithNoUnknownField() throws Exception {
    CustomResourceValidator v = CustomResourceValidator.of(crd(), "v1alpha1");
    int runs = 0;
    for (Path file : examples()) {
      for (ObjectNode run : runs(file)) {
        CustomResourceValidator.Result r = v.admit(run.deepCopy(), null);
        assertEquals(List.of(), r.unknownFields(), file.getFileName() + " " + run.at("/metadata/name"));
        assertEquals(List.of(), r.errors(), file.getFileName() + " " + run.at("/metadata/name"));
        runs++;
      }
    }
    assertTrue(runs >= 8, "examples found: " + runs);
  }

  @Test
  void theSpecIsImmutableOnceCreatedAsTheCrdSays() throws Exception {
    CustomResourceValidator v = CustomResourceValidator.of(crd(), "v1alpha1");
    ObjectNode run = runs(examples().stream().filter(p -> p.endsWith("quickstart.yaml")).findFirst().orElseThrow()).get(0);
    ObjectNode stored = v.admit(run.deepCopy(), null).object();
    ObjectNode edited = stored.deepCopy();
    ((ObjectNode) edited.at("/spec/placements/0")).put("pods", 3);
    List<FieldError> errors = v.validate(edited, stored);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).toString().startsWith("spec: Invalid value: \"object\": spec is immutable"), errors.toString());
    ObjectNode relabelled = stored.deepCopy();
    ((ObjectNode) relabelled.get("metadata")).putObject("labels").put("team", "perf");
    assertEquals(List.of(), v.validate(relabelled, stored), "metadata may change");
    assertFalse(stored.at("/spec/startDelay").isMissingNode(), "the CRD's defaults were applied");
  }
}
