package dev.regatta.api.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.testing.TestRuns;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run is read the way the operator's informer reads it (fabric8's own serialization): whatever its spec holds,
 * reading never throws, and a spec that does not fit the types is reported by SpecValidator naming the field.
 */
class SpecReadingTest {
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  static Stream<MalformedRuns.Case> malformed() {
    return MalformedRuns.all().stream();
  }

  private static BenchmarkRun readAsTheInformerDoes(String yaml) {
    return readAsTheInformerDoes(FABRIC8.unmarshal(yaml, JsonNode.class));
  }

  /** The API serves JSON; fabric8 reads it into the registered type, as in a list or a watch event. */
  private static BenchmarkRun readAsTheInformerDoes(JsonNode run) {
    return FABRIC8.unmarshal(FABRIC8.asJson(run), BenchmarkRun.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedSpecIsReadAndReportedNamingTheField(MalformedRuns.Case c) {
    BenchmarkRun run = readAsTheInformerDoes(c.yaml());
    assertNotNull(run.getSpec().unreadable(), c.label() + ": the spec should be unreadable");
    List<Violation> violations = SpecValidator.validate(run);
    assertTrue(violations.stream().anyMatch(v -> v.field().equals(c.field()) && v.message().contains(c.message())),
        c.label() + ": expected " + c.field() + ": ..." + c.message() + "..., got " + violations);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void theRunFileReaderRefusesItInOneLineNamingTheField(MalformedRuns.Case c) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFiles.parse(c.yaml(), "run.yaml"));
    assertTrue(e.getMessage().startsWith("run.yaml (document 1): " + c.field() + ": "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
  }

  @Test
  void anUnreadableSpecIsWrittenBackAsItWasWritten() {
    MalformedRuns.Case c = MalformedRuns.all().get(0);
    BenchmarkRun run = readAsTheInformerDoes(c.yaml());
    JsonNode written = FABRIC8.unmarshal(FABRIC8.asJson(run), JsonNode.class);
    assertEquals(FABRIC8.unmarshal(c.yaml(), JsonNode.class).get("spec"), written.get("spec"));
  }

  @Test
  void aValidRunReadsWholeAndWritesBackTheSame() {
    BenchmarkRun run = readAsTheInformerDoes(TestRuns.VALID);
    assertNull(run.getSpec().unreadable());
    assertEquals(List.of(), SpecValidator.validate(run));
    BenchmarkRun again = readAsTheInformerDoes(FABRIC8.asYaml(run));
    assertEquals(FABRIC8.asJson(run.getSpec()), FABRIC8.asJson(again.getSpec()));
  }

  @Test
  void aStatusThatDoesNotFitIsReadAsUnreadableNotThrown() {
    BenchmarkRun run = readAsTheInformerDoes(TestRuns.VALID + "status: {phase: Bogus, pods: [1]}\n");
    assertNotNull(run.getStatus().unreadable());
    assertEquals("status.phase", run.getStatus().unreadable().violations().get(0).field());
    assertTrue(run.getStatus().unreadable().violations().get(0).message()
        .contains("must be one of Pending, Starting, Running, Collecting, Succeeded, Failed"),
        run.getStatus().unreadable().violations().toString());
    assertNull(run.getSpec().unreadable(), "the spec is read on its own");
  }

  @Test
  void aStatusFromANewerOperatorKeepsWhatThisOneKnows() {
    BenchmarkRun run = readAsTheInformerDoes(TestRuns.VALID + "status: {phase: Running, newField: 1}\n");
    assertNull(run.getStatus().unreadable());
    assertEquals(Phase.Running, run.getStatus().getPhase());
  }

  @Test
  void manyProblemsAreListedUpToALimit() {
    StringBuilder yaml = new StringBuilder(TestRuns.VALID.replace("spec:\n", "spec:\n  bogus0: 1\n"));
    for (int i = 1; i < 50; i++) {
      yaml.append("  bogus").append(i).append(": 1\n");
    }
    BenchmarkRun run = readAsTheInformerDoes(yaml.toString());
    assertEquals(ShapeCheck.MAX_VIOLATIONS, run.getSpec().unreadable().violations().size());
    String described = SpecValidator.describe(SpecValidator.validate(run));
    assertTrue(described.endsWith("; and " + (ShapeCheck.MAX_VIOLATIONS - SpecValidator.MAX_DESCRIBED) + " more"),
        described);
  }

  @Test
  void aHugeValueIsQuotedAsAShortPrefix() {
    String huge = "x".repeat(1 << 20);
    BenchmarkRun run = readAsTheInformerDoes(TestRuns.with(TestRuns.validTree(), "/spec/placements/0/pods",
        com.fasterxml.jackson.databind.node.TextNode.valueOf(huge)));
    String described = SpecValidator.describe(SpecValidator.validate(run));
    assertTrue(described.length() < 300, described.length() + " characters: " + described);
    assertTrue(described.contains("spec.placements[0].pods: must be an integer, got the string 'xxx"), described);
    assertTrue(described.contains("(1048576 characters)"), described);
  }
}
