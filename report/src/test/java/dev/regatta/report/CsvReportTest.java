package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.regatta.report.csv.CsvReport;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.ReportRow;
import dev.regatta.report.model.RunData;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CsvReportTest {
  private final Report report = ReportBuilder.build(
      new RunData("sample", "bench", null, ReportFixtures.docs("sample", 1.0), "test"));
  private final List<String> lines = Arrays.asList(CsvReport.write(report).split("\r\n"));

  @Test
  void oneRowPerPointAndRegionWithTheAllRowFirst() {
    assertEquals("scenario,bufferSize,region,pods,repeats,throughput_mean,throughput_stddev,p50,p90,p99,p999,errors,"
        + "dropped,cpu_seconds,peak_rss_bytes", lines.get(0));
    assertEquals(1 + 3 * 3, lines.size(), String.join("\n", lines));
    assertEquals(List.of("all", "eu", "us"), lines.subList(1, 4).stream().map(l -> l.split(",")[2]).toList());
  }

  @Test
  void figuresOfTheKnownSamples() {
    // all pods, both repeats: 200 and 400 ops/s; every value 1..2000 us twice
    assertEquals("read,1024,all,3,2,300.00,141.42,1000,1800,1980,1998,6,0,1.500,150000000", lines.get(1));
    // eu: 1..1000 twice; 100 and 200 ops/s; eu-0's errors; two pods at 0.5 CPU s per window
    assertEquals("read,1024,eu,2,2,150.00,70.71,500,900,990,999,6,0,1.000,120000000", lines.get(2));
    // us: 1001..2000 twice
    assertEquals("read,1024,us,1,2,150.00,70.71,1500,1900,1990,1999,0,0,0.500,150000000", lines.get(3));
    // the largest buffer: three times the window rate
    assertEquals("read,16384,all,3,2,900.00,424.26,1000,1800,1980,1998,0,0,1.500,150000000", lines.get(7));
  }

  @Test
  void percentilesAreThoseOfAllRawSamplesPooled() {
    Histogram raw = Histograms.newHistogram();
    for (int repeat = 0; repeat < 2; repeat++) {
      for (int v = 1; v <= 2000; v++) {
        raw.recordValue(v);
      }
    }
    ReportRow all = report.rows().get(0);
    assertEquals(LatencySummary.of(raw), all.latencyMicros());
  }

  @Test
  void quotesCellsThatHoldCommasOrQuotes() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client", "sync, \"pooled\"");
    ReportRow row = new ReportRow("get", params, "all", null, null, null, null, 1, 1, 10L, 0L, 0L, 1.0, null, null,
        null, null, null);
    String csv = CsvReport.write(List.of(row), List.of("client"));
    assertEquals("get,\"sync, \"\"pooled\"\"\",all,1,1,1.00,,,,,,0,0,,", csv.split("\r\n")[1]);
  }

  @Test
  void onePodRowPerPodAndPoint() {
    assertEquals(9, report.podRows().size());
    ReportRow first = report.podRows().get(0);
    assertEquals("sample-eu-0", first.pod());
    assertEquals(75.0, first.throughputMean(), 1e-9); // 500 ops in 10 s, then in 5 s
  }

  @Test
  void aPodsRowHasItsOwnRateAndPercentiles() {
    ReportRow us = report.podRows().stream().filter(r -> r.pod().equals("sample-us-0")).findFirst().orElseThrow();
    assertEquals(150.0, us.throughputMean(), 1e-9);
    assertEquals(1990L, us.p99());
    assertNull(report.rows().get(0).pod());
  }
}
