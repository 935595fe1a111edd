package dev.regatta.runner.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.ExternalWorkload;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a tool's process is given: the Secret keys it names, never the runner's other secrets. */
class ToolCommandTest {
  private static ToolCommand command(Map<String, SecretKeySelector> secretEnv, Map<String, String> runnerEnv) {
    ExternalWorkload w = new ExternalWorkload();
    w.setCommand(List.of("tool"));
    w.setArgs(List.of("{{library}}"));
    w.setSecretEnv(secretEnv);
    ScenarioPlan plan = new ScenarioPlan("io", Map.of("library", "httpx; rm -rf /"), WorkloadKind.EXTERNAL, w,
        Load.closed(1), Duration.ofSeconds(1), null, Duration.ZERO, 1);
    return ToolCommand.of(w, plan, 0, Path.of("/tmp/out.jsonl"), 1_000, runnerEnv);
  }

  @Test
  void secretEnvReachesTheToolUnderItsOwnNameAndTheRunnersOtherSecretsDoNot() {
    String mine = Protocol.secretEnvName("store", "id");
    String other = Protocol.secretEnvName("results-bucket", "secret");
    ToolCommand c = command(Map.of("AWS_ACCESS_KEY_ID", new SecretKeySelector("id", "store", null)),
        Map.of(mine, "AKIA-test", other, "not-for-the-tool", "PATH", "/usr/bin"));
    assertEquals("AKIA-test", c.env().get("AWS_ACCESS_KEY_ID"));
    assertFalse(c.env().containsValue("not-for-the-tool"), c.env().toString());
    assertFalse(c.env().containsKey(mine), "the runner's variable names stay the runner's");
    assertEquals(List.of("tool", "httpx; rm -rf /"), c.argv(), "a parameter stays one argument");
    assertEquals("httpx; rm -rf /", c.env().get("REGATTA_PARAM_LIBRARY"));
  }

  @Test
  void aSecretTheRunnerWasNotGivenIsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> command(Map.of("TOKEN", new SecretKeySelector("token", "api", null)), Map.of()));
    assertTrue(e.getMessage().contains("api/token"), e.getMessage());
  }
}
