package dev.regatta.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.Main;
import dev.regatta.runner.standin.KafkaStandin;
import dev.regatta.runner.standin.LoopbackPorts;
import dev.regatta.runner.standin.S3Standin;
import dev.regatta.runner.standin.RedisServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The s3, kafka and stream subcommands end to end: flags in, result document out, against real servers. */
class WorkloadCommandsTest {
  static S3Standin s3;
  static KafkaStandin kafka;
  static RedisServerProcess redis;
  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Standin.inMemory();
    kafka = KafkaStandin.start();
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
    kafka.close();
    s3.close();
  }

  List<ScenarioResult> run(String... args) {
    Path json = dir.resolve("r.json");
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--json";
    all[args.length + 1] = json.toString();
    int rc = Main.execute(all);
    assertEquals(0, rc, "exit code of " + String.join(" ", args));
    ResultDocument doc = ResultJson.read(json);
    return doc.scenarios();
  }

  @Test
  void s3GetSweepsTheClient() {
    List<ScenarioResult> rs = run("s3", "--endpoint", s3.endpoint(), "--bucket", "cli", "--prepare",
        "--object-size", "64Ki", "--credentials-secret", "s3-standin", "--connections", "2", "--iterations", "20",
        "--matrix", "client=apache,crt");
    assertEquals(2, rs.size());
    for (ScenarioResult r : rs) {
      assertEquals(0, r.errors(), r.params().toString());
      assertEquals(20, r.count());
      assertEquals(20L * 64 * 1024, r.bytes());
    }
    assertEquals("crt", rs.get(1).params().get("client"));
  }

  @Test
  void kafkaProduceForADuration() {
    List<ScenarioResult> rs = run("kafka", "--brokers", kafka.bootstrapServers(), "--topic", "cli", "--message-size",
        "512", "--acks", "1", "--connections", "4", "--duration", "1s");
    ScenarioResult r = rs.get(0);
    assertEquals(0, r.errors());
    assertTrue(r.count() > 0);
    assertEquals(r.count() * 512, r.bytes());
  }

  @Test
  void streamProxyOverRedis() {
    List<ScenarioResult> rs = run("stream", "--redis-url", redis.url(), "--mode", "proxy", "--data-size", "4Ki",
        "--tasks", "200", "--workers", "2", "--matrix", "taskSleep=0s,2ms");
    assertEquals(2, rs.size());
    for (ScenarioResult r : rs) {
      assertEquals(0, r.errors());
      assertEquals(200, r.count());
      assertEquals(200L * 4096, r.bytes());
    }
    assertTrue(rs.get(1).latencyMicros().getMin() >= 2000);
  }

  @Test
  void badChoiceIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));
    int rc = cmd.execute("s3", "--bucket", "b", "--client", "okhttp");
    assertEquals(2, rc);
    assertTrue(err.toString().contains("--client okhttp: expected one of apache, urlconnection, netty, crt"), err.toString());
  }

  @Test
  void unreachableKafkaIsOneLineNamingIt() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));
    String target = "127.0.0.1:" + LoopbackPorts.free();
    int rc = cmd.execute("kafka", "--brokers", target, "--timeout", "2s", "--iterations", "1");
    assertEquals(1, rc);
    assertTrue(err.toString().startsWith("regatta: cannot connect to kafka " + target), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }
}
