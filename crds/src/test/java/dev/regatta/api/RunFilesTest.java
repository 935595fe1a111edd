package dev.regatta.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.testing.TestRuns;
import dev.regatta.validation.SpecValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run file the operator writes into the spec ConfigMap reads back as the same run, strings as strings. */
class RunFilesTest {
  @Test
  void stringsThatLookLikeNumbersOrBooleansStayStrings() throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : List.of("2", "-1", "0.5", "1e3", "0x10", "0o7", ".inf", "NaN", "1_000", "012", "+1", "true",
        "yes", "off", "null", "~", "", "2024-01-01", "1:20", "a: b", "- x", "#c")) {
      m.put("k" + m.size(), s);
    }
    Map<?, ?> back = RunFiles.yaml().readValue(RunFiles.toYaml(m), Map.class);
    assertEquals(m, back);
  }

  @Test
  void aRunWithNumericLookingStringsRoundTripsAndStaysValid() {
    BenchmarkRun run = TestRuns.toRun(TestRuns.with(TestRuns.with(TestRuns.validTree(), "/spec/runner",
        "{env: [{name: FAKE_EXIT, value: '2'}]}"), "/spec/scenarios/0",
        "{name: k, kafka: {bootstrapServers: 'kafka:9092', acks: '1'}, matrix: {acks: {values: ['0', '1']}}}"));
    assertEquals(List.of(), SpecValidator.validate(run));
    String yaml = RunFiles.toYaml(run);
    BenchmarkRun back = RunFiles.parse(yaml, "run.yaml").get(0);
    assertEquals(List.of(), SpecValidator.validate(back));
    assertEquals("2", back.getSpec().getRunner().getEnv().get(0).getValue());
    assertEquals("1", back.getSpec().getScenarios().get(0).getKafka().getAcks());
    // URLs stay bare: local mode rewrites host:port in the text where a '/' precedes it.
    assertTrue(yaml.contains("url: redis://127.0.0.1:6379"), yaml);
  }
}
