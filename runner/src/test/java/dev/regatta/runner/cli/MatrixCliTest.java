package dev.regatta.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MatrixCliTest {
  @Test
  void matrixFlagsExpandInStableOrderWithPowersOfTwo() {
    CommonOptions o = new CommonOptions();
    new CommandLine(o).parseArgs("--matrix", "bufferSize=2^12..2^14", "--matrix", "connections=1,8", "--repeats", "3");
    RedisWorkload w = new RedisWorkload();
    w.setOp(RedisWorkload.Op.BLOB_READ);
    List<ScenarioPlan> plans = CliRun.plans(WorkloadKind.REDIS, w, o);
    assertEquals(6, plans.size());
    assertEquals(Map.of("bufferSize", "4096", "connections", "1"), plans.get(0).params());
    assertEquals(Map.of("bufferSize", "4096", "connections", "8"), plans.get(1).params());
    assertEquals(Map.of("bufferSize", "16384", "connections", "8"), plans.get(5).params());
    assertEquals(8, plans.get(5).load().getConnections());
    assertEquals(16384, ((RedisWorkload) plans.get(5).workload()).getBufferSize().getIntVal());
    assertEquals(3, plans.get(0).repeats());
  }

  @Test
  void repeatsAndParamsAreKeptAndTheDocumentRoundTrips(@TempDir Path dir) throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      Path json = dir.resolve("m.json");
      Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "set", "--matrix", "valueSize=16,64", "--repeats", "2",
          "--iterations", "200", "--connections", "2", "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      assertTrue(cli.out().contains("mean +- sample stddev"), cli.out());
      // the serving benchmark's line shape: "<first param>: <other params> mean +- stddev unit"
      assertTrue(java.util.regex.Pattern.compile("valueSize=64: [0-9]+\\.[0-9]{2} \\+- [0-9]+\\.[0-9]{2} ops/s")
          .matcher(cli.out()).find(), cli.out());
      ResultDocument doc = ResultJson.read(json);
      assertEquals(4, doc.scenarios().size());
      int i = 0;
      for (String size : List.of("16", "64")) {
        for (int repeat = 0; repeat < 2; repeat++) {
          ScenarioResult r = doc.scenarios().get(i++);
          assertEquals(Map.of("valueSize", size), r.params());
          assertEquals(repeat, r.repeat());
          assertEquals(200, r.count());
          assertEquals(200 * Long.parseLong(size), r.bytes());
          // decode -> the same percentiles as written, and the histogram holds every operation
          Histogram h = Histograms.decode(r.histogram());
          assertEquals(r.count(), h.getTotalCount());
          assertEquals(r.latencyMicros(), LatencySummary.of(h));
        }
      }
      // encode -> decode -> encode is stable, and merged histograms add up
      String again = ResultJson.write(ResultJson.read(Files.readString(json)));
      assertEquals(Files.readString(json), again);
      Histogram sum = Histograms.newHistogram();
      doc.scenarios().forEach(r -> sum.add(Histograms.decode(r.histogram())));
      assertEquals(800, sum.getTotalCount());
    }
  }
}
