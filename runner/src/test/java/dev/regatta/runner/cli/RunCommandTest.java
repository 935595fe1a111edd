package dev.regatta.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @Test
  void runsEveryScenarioOfARunFileLocally(@TempDir Path dir) throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      Path file = dir.resolve("run.yaml");
      Files.writeString(file, """
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: local}
          spec:
            placements: [{name: here, pods: 1}]
            defaults: {iterations: 100, load: {connections: 2}}
            scenarios:
              - name: sets
                redis: {url: "%1$s", op: set}
                matrix: {pipeline: {values: [1, 4]}}
              - name: gets
                redis: {url: "%1$s", op: get, keySpace: 50}
          """.formatted(redis.url()));
      Path json = dir.resolve("out.json");
      Cli cli = Cli.run("run", file.toString(), "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      ResultDocument doc = ResultJson.read(json);
      assertEquals(3, doc.scenarios().size());
      assertEquals(Map.of("pipeline", "1"), doc.scenarios().get(0).params());
      assertEquals(100, doc.scenarios().get(0).count());
      assertEquals(400, doc.scenarios().get(1).count(), "100 calls of 4 pipelined SETs");
      assertEquals("gets", doc.scenarios().get(2).name());
      assertTrue(cli.out().contains("gets: closed, 2 connections, 100 iterations"), cli.out());
    }
  }

  @Test
  void anInvalidRunFileIsAUsageError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "apiVersion: regatta.dev/v1alpha1\nkind: BenchmarkRun\nmetadata: {name: x}\nspec:\n  scenarioz: []\n");
    Cli cli = Cli.run("run", file.toString());
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("scenarioz"), cli.err());
  }
}
