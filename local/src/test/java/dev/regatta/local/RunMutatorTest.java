package dev.regatta.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fuzzer's mutations replay from their seed, touch only the spec, and cover every kind. */
class RunMutatorTest {
  @Test
  void theSameSeedGivesTheSameMutationsAndEveryKindOccurs() throws Exception {
    JsonNode crd = MutationFuzzTest.crd();
    List<ObjectNode> bases = MutationFuzzTest.examples();
    List<String> first = batch(crd, bases, 42);
    assertEquals(first, batch(crd, bases, 42), "a seed replays its batch");
    assertNotEquals(first, batch(crd, bases, 43));

    RunMutator mutator = new RunMutator(crd, 7);
    Set<RunMutator.Kind> seen = EnumSet.noneOf(RunMutator.Kind.class);
    for (int i = 0; i < 300; i++) {
      ObjectNode run = bases.get(i % bases.size()).deepCopy();
      ObjectNode before = run.deepCopy();
      RunMutator.Mutation m = mutator.mutate(run);
      seen.add(m.kind());
      assertTrue(m.path().startsWith("spec"), m.toString());
      assertEquals(before.get("metadata"), run.get("metadata"), "metadata is left alone: " + m);
      assertNotEquals(before, run, "a mutation changes the run: " + m);
    }
    assertEquals(EnumSet.allOf(RunMutator.Kind.class), seen);
  }

  private static List<String> batch(JsonNode crd, List<ObjectNode> bases, long seed) {
    RunMutator mutator = new RunMutator(crd, seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ObjectNode run = bases.get(i % bases.size()).deepCopy();
      out.add(mutator.mutate(run) + " " + run);
    }
    return out;
  }
}
