package dev.regatta.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.local.standins.RunScaler;
import dev.regatta.validation.SpecValidator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run scaled down for a quick look is still a run the operator accepts. */
class RunScalerTest {
  @Test
  void aGracePeriodLongerThanTheScaledWindowIsScaledWithItSoTheRunStaysValid() throws Exception {
    BenchmarkRun run = RunFiles.parse(Files.readString(Repo.root().resolve("examples/thresholds.yaml")), "thresholds")
        .get(0);
    assertEquals("2s", run.getSpec().getThresholds().get(2).getDelayAbortEval(), "the example's own grace period");
    BenchmarkRun scaled = new RunScaler(Duration.ofSeconds(1), 1, 2, 2, 20L).apply(run);
    assertEquals(List.of(), SpecValidator.validate(scaled), "valid once scaled to 1 s windows");
    assertEquals("500ms", scaled.getSpec().getThresholds().get(2).getDelayAbortEval());
  }
}
