package dev.regatta.runner.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.Histograms;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.Engine;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.testing.Cli;
import dev.regatta.runner.workload.RunContext;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class RedisEndToEndTest {
  static RedisServerProcess redis;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void getThroughTheCliWritesACompleteDocument(@TempDir Path dir) {
    Path json = dir.resolve("r.json");
    Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "get", "--connections", "4", "--duration", "1s",
        "--json", json.toString());
    assertEquals(0, cli.exit(), cli.err());
    assertTrue(cli.out().contains("Requests/sec"), cli.out());
    assertTrue(cli.out().contains("99.9%"), cli.out());
    ResultDocument doc = ResultJson.read(json);
    assertEquals(1, doc.scenarios().size());
    ScenarioResult r = doc.scenarios().get(0);
    assertTrue(r.count() > 100, "a second of GETs on loopback does more than 100: " + r.count());
    assertEquals(0, r.errors());
    // prepare wrote 100-byte values for every key, so every GET read 100 bytes
    assertEquals(r.count() * 100, r.bytes());
    assertEquals(r.count(), Histograms.decode(r.histogram()).getTotalCount());
    assertEquals(1.0, r.durationSeconds(), 1e-9);
    assertEquals(r.count() / r.durationSeconds(), r.throughputPerSecond(), 0.01);
    assertTrue(r.resources().cpuSeconds() > 0);
    assertTrue(r.resources().peakRssBytes() > 1 << 20, "peak RSS from /proc: " + r.resources().peakRssBytes());
    assertTrue(r.resources().netRxBytes() >= 0, "loopback traffic is not counted, but the reading is there");
  }

  @Test
  void mixedReadsAndWritesOnBothClientsWithAndWithoutPipelining(@TempDir Path dir) throws Exception {
    for (String client : new String[] {"nio", "jedis"}) {
      for (String pipeline : new String[] {"1", "2"}) {
        Path json = dir.resolve("mixed-" + client + pipeline + ".json");
        Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "mixed", "--read-percent", "50", "--value-size", "64",
            "--client", client, "--pipeline", pipeline, "--connections", "3", "--iterations", "300",
            "--json", json.toString());
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(cli.out().contains("  Client: " + client + " ("), cli.out());
        ScenarioResult r = ResultJson.read(json).scenarios().get(0);
        assertEquals(java.util.Map.of(), r.params(), "the client is a summary line, not a param");
        assertMixed(r, 300L * Integer.parseInt(pipeline));
      }
    }
  }

  @Test
  void theDefaultClientIsNioAndFallsBackToJedisWithTheReason() {
    Cli get = Cli.run("redis", "--url", redis.url(), "--op", "get", "--connections", "2", "--iterations", "10");
    assertEquals(0, get.exit(), get.err());
    assertTrue(get.out().contains("  Client: nio (event-loop RESP client)"), get.out());
    Cli open = Cli.run("redis", "--url", redis.url(), "--op", "get", "--rate", "100", "--iterations", "10");
    assertEquals(0, open.exit(), open.err());
    // the open model runs on the event loops too
    assertTrue(open.out().contains("  Client: nio (event-loop RESP client)"), open.out());
  }

  @Test
  void nioWhereItCannotRunIsAUsageError() {
    Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "blobRead", "--client", "nio", "--iterations", "10");
    assertEquals(2, cli.exit(), cli.out());
    assertTrue(cli.err().contains("client nio does not support blobRead"), cli.err());
    Cli bad = Cli.run("redis", "--url", redis.url(), "--client", "lettuce", "--iterations", "10");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--client lettuce: expected jedis or nio"), bad.err());
  }

  static void assertMixed(ScenarioResult r, long ops) {
    assertEquals(ops, r.count());
    assertEquals(0, r.errors(), r.errorsByType().toString());
    // every key holds a 64-byte value (prepare wrote them), so reads and writes both move 64 bytes
    assertEquals(ops * 64, r.bytes());
  }

  @Test
  void iterationsAndPipeliningCountEveryCommand() throws Exception {
    RedisWorkload w = new RedisWorkload();
    w.setUrl(redis.url());
    w.setOp(RedisWorkload.Op.SET);
    w.setPipeline(8);
    w.setValueSize(new IntOrString(10));
    Scenario s = scenario("set", w, Load.closed(3));
    s.setIterations(300L);
    ScenarioResult r = new Engine(RunContext.defaults(), null).run(ScenarioPlan.of(s, new ScenarioDefaults())).get(0);
    // 300 tickets, each an execute() of 8 pipelined SETs
    assertEquals(2400, r.count());
    assertEquals(2400 * 10, r.bytes());
    assertEquals(2400, Histograms.decode(r.histogram()).getTotalCount());
  }

  @Test
  void blobReadReadsTheBlobInBufferSizedChunks() throws Exception {
    try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
      j.set("blob".getBytes(), new byte[1 << 20]);
    }
    RedisWorkload w = new RedisWorkload();
    w.setUrl(redis.url());
    w.setOp(RedisWorkload.Op.BLOB_READ);
    Scenario s = scenario("blob", w, Load.closed(2));
    s.setIterations(64L);
    s.setMatrix(new java.util.LinkedHashMap<>(java.util.Map.of("bufferSize",
        dev.regatta.api.v1alpha1.MatrixAxis.powersOfTwo(14, 16))));
    List<ScenarioResult> rs = new Engine(RunContext.defaults(), null).run(ScenarioPlan.of(s, new ScenarioDefaults()));
    assertEquals(3, rs.size());
    long[] sizes = {1 << 14, 1 << 15, 1 << 16};
    for (int i = 0; i < 3; i++) {
      assertEquals(String.valueOf(sizes[i]), rs.get(i).params().get("bufferSize"));
      assertEquals(64, rs.get(i).count());
      assertEquals(64 * sizes[i], rs.get(i).bytes(), "1 MiB is a whole number of chunks, so every read is full");
    }
  }

  @Test
  void blobReadOfAMissingKeyIsAClearError(@TempDir Path dir) {
    Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "blobRead", "--key", "nope", "--iterations", "5");
    assertEquals(1, cli.exit());
    assertTrue(cli.err().contains("key 'nope' is empty or missing"), cli.err());
  }

  static Scenario scenario(String name, RedisWorkload w, Load load) {
    Scenario s = new Scenario();
    s.setName(name);
    s.setRedis(w);
    s.setLoad(load);
    return s;
  }
}
