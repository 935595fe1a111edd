package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.report.command.ReportCommand;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ResultMerger;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The report command on saved runs: files in, three formats out, and the baseline gate a CI pipeline uses. */
class ReportCommandTest {
  @TempDir
  Path tmp;
  Path current;
  Path baseline;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void save() throws Exception {
    // current is 10% slower than the baseline at bufferSize=4096, identical elsewhere
    current = ReportFixtures.save(tmp.resolve("current"), ReportFixtures.docs("sample", 1.0 / 0.9));
    baseline = ReportFixtures.save(tmp.resolve("baseline"), ReportFixtures.docs("base", 1.0));
  }

  private int run(String... args) {
    CommandLine cl = new CommandLine(new ReportCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void writesJsonCsvAndHtmlFromSavedResultFiles() throws Exception {
    Path dir = tmp.resolve("out");
    assertEquals(0, run("--from-files", current.toString(), "--out", dir.toString()), err.toString());
    assertTrue(Files.readString(dir.resolve("report.csv")).startsWith("run,scenario,bufferSize,region,"));
    assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"));
    JsonNode json = ResultJson.mapper().readTree(Files.readString(dir.resolve("report.json")));
    assertEquals("sample", json.path("run").asText());
    assertEquals(3, json.path("merged").size(), "one merged row per point");
    assertEquals(2, json.path("merged").get(0).path("byRegion").size());
    assertEquals(9, json.path("rows").size(), "all + eu + us per point");
    assertEquals(9, json.path("podRows").size(), "3 pods x 3 points");
    assertEquals("sample-eu-0", json.path("podRows").get(0).path("pod").asText());
    assertTrue(out.toString().contains("wrote " + dir.resolve("report.html")));
  }

  @Test
  void flagsTheKnownRegressionAndFailsTheBuildWhenAsked() throws Exception {
    Path dir = tmp.resolve("cmp");
    int code = run("--from-files", current.toString(), "--baseline-files", baseline.toString(), "--out", dir.toString(),
        "--fail-on-regression");
    assertEquals(ReportCommand.EXIT_REGRESSION, code, out + "\n" + err);
    assertTrue(err.toString().contains("3 regression(s) past 5.0% against base"), err.toString());
    JsonNode rows = ResultJson.mapper().readTree(Files.readString(dir.resolve("report.json"))).path("comparison")
        .path("rows");
    List<String> regressed = new ArrayList<>();
    for (JsonNode r : rows) {
      if (r.path("regression").asBoolean()) {
        regressed.add(r.path("params").path("bufferSize").asText() + "@" + r.path("region").asText());
        assertEquals(-10.0, r.path("throughputChangePercent").asDouble(), 1e-9);
        assertEquals(0.0, r.path("p99ChangePercent").asDouble(), 1e-9);
      }
    }
    assertEquals(List.of("4096@all", "4096@eu", "4096@us"), regressed);
    assertTrue(Files.readString(dir.resolve("report.html")).contains("class=\"regression\""));
  }

  @Test
  void reportsButPassesWithoutTheFlagOrUnderTheThreshold() {
    assertEquals(0, run("--from-files", current.toString(), "--baseline-files", baseline.toString(),
        "--out", tmp.resolve("a").toString()));
    assertTrue(out.toString().contains("REGRESSION"), out.toString());
    assertEquals(0, run("--from-files", current.toString(), "--baseline-files", baseline.toString(),
        "--out", tmp.resolve("b").toString(), "--threshold", "15", "--fail-on-regression"));
  }

  @Test
  void aSavedRunYamlAloneGivesTheStatusRows() throws Exception {
    BenchmarkRun run = new BenchmarkRun();
    run.setMetadata(new ObjectMetaBuilder().withName("sample").withNamespace("bench").build());
    BenchmarkRunStatus status = new BenchmarkRunStatus();
    status.setPhase(Phase.Succeeded);
    status.setResults(ResultMerger.merge(ReportFixtures.docs("sample", 1.0)).rows());
    run.setStatus(status);
    Path dir = Files.createDirectories(tmp.resolve("yaml"));
    Files.writeString(dir.resolve("run.yaml"), RunFiles.toYaml(run));
    Path outDir = tmp.resolve("yaml-out");
    assertEquals(0, run("--from-files", dir.toString(), "--out", outDir.toString()), err.toString());
    String[] csv = Files.readString(outDir.resolve("report.csv")).split("\r\n");
    assertTrue(csv[1].startsWith("sample,read,1024,all,3,2,throughput,4000,6,0,300.00,141.42,ops/s,0.307,0.145,1000,"
        + "1800,1900,1980,1998,400000,4296000,,"), csv[1]);
    assertTrue(csv[2].startsWith("sample,read,1024,eu,2,2,throughput,2000,6,0,150.00,,ops/s,0.154,,500,"), csv[2]
        + ": status keeps no stddev per region");
    JsonNode json = ResultJson.mapper().readTree(Files.readString(outDir.resolve("report.json")));
    assertEquals("Succeeded", json.path("phase").asText());
    assertEquals(0, json.path("curves").size());
  }

  @Test
  void saysWhatIsMissing() {
    assertEquals(2, run("--out", tmp.toString()));
    assertTrue(err.toString().contains("name a RUN, or give -l SELECTOR or --from-files DIR"), err.toString());
    assertEquals(1, run("--from-files", tmp.resolve("nope").toString()));
    assertTrue(err.toString().contains("does not exist"), err.toString());
  }

  @Test
  void refusesAnUnknownFormatBeforeReadingAnything() {
    assertEquals(2, run("sample", "--format", "pdf"));
    assertTrue(err.toString().contains("unknown format 'pdf'"), err.toString());
  }
}
