package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.report.command.ReportCommand;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One CSV across runs: a row per run × scenario × params × region; runs of different scenarios refused, naming the run. */
class CombinedReportTest {
  @TempDir
  Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = new CommandLine(new ReportCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void twoRunsGiveOneCsvWithARowPerRunAndPoint() throws Exception {
    Path a = ReportFixtures.save(tmp.resolve("replicas-1"), ReportFixtures.docs("replicas-1", 1.0));
    Path b = ReportFixtures.save(tmp.resolve("replicas-2"), ReportFixtures.docs("replicas-2", 2.0));
    Path dir = tmp.resolve("out");
    assertEquals(0, run("--from-files", a.toString(), "--from-files", b.toString(), "--out", dir.toString()),
        err.toString());
    List<String> csv = Arrays.asList(Files.readString(dir.resolve("report.csv")).split("\r\n"));
    assertEquals(1 + 2 * 9, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(1).startsWith("replicas-1,read,1024,all,"), csv.get(1));
    assertTrue(csv.get(10).startsWith("replicas-2,read,1024,all,"), csv.get(10));
    // the slower run's 4096 point: half the throughput of the first run's
    assertTrue(csv.get(4).contains(",600.00,") && csv.get(13).contains(",300.00,"), csv.get(4) + "\n" + csv.get(13));
    String printed = out.toString();
    assertTrue(printed.startsWith("runs replicas-1,replicas-2: 18 rows"), printed);
    assertTrue(printed.contains("RUN"), "the table names each row's run: " + printed);
    assertTrue(Files.readString(dir.resolve("report.html")).contains("replicas-2: read"), "series name their run");
  }

  @Test
  void runsThatMeasureDifferentScenariosAreRefusedNamingTheRunAndNothingIsWritten() throws Exception {
    Path a = ReportFixtures.save(tmp.resolve("a"), ReportFixtures.docs("a", 1.0));
    List<ResultDocument> other = new ArrayList<>();
    for (ResultDocument d : ReportFixtures.docs("b", 1.0)) {
      List<ScenarioResult> renamed = d.scenarios().stream().map(r -> new ScenarioResult("write", r.params(), r.repeat(),
          r.count(), r.errors(), r.errorsByType(), r.dropped(), r.durationSeconds(), r.throughputPerSecond(),
          r.bytesPerSecond(), r.bytes(), r.latencyMicros(), r.histogram(), null, null, r.resources())).toList();
      other.add(new ResultDocument(d.version(), d.run(), d.namespace(), d.pod(), d.placement(), d.region(), d.zone(),
          d.index(), d.node(), d.startAt(), d.measuredStartEpochMicros(), d.finishedAt(), renamed, null));
    }
    Path b = ReportFixtures.save(tmp.resolve("b"), other);
    Path dir = tmp.resolve("out");
    assertEquals(1, run("--from-files", a.toString(), "--from-files", b.toString(), "--out", dir.toString()));
    assertTrue(err.toString().contains("run b measures scenarios [write], run a measures [read]"), err.toString());
    assertFalse(Files.exists(dir), "nothing half-written");
  }

  @Test
  void aBaselineComparesOneRunOnly() throws Exception {
    Path a = ReportFixtures.save(tmp.resolve("a"), ReportFixtures.docs("a", 1.0));
    Path b = ReportFixtures.save(tmp.resolve("b"), ReportFixtures.docs("b", 1.0));
    assertEquals(2, run("--from-files", a.toString(), "--from-files", b.toString(), "--baseline-files", a.toString(),
        "--out", tmp.resolve("o").toString()));
    assertTrue(err.toString().contains("--baseline compares one run"), err.toString());
  }
}
