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
    assertEquals("run,scenario,bufferSize,region,pods,repeats,headline,count,errors,dropped,throughput_mean,"
        + "throughput_stddev,rate_unit,mb_per_s,mb_per_s_stddev,p50,p90,p95,p99,p99.9,bytes_sent,bytes_received,"
        + "net_rx_mb_per_s,net_tx_mb_per_s,cpu_cores,cpu_cores_per_pod,peak_rss_bytes,makespan_s", lines.get(0));
    assertEquals(1 + 3 * 3, lines.size(), String.join("\n", lines));
    assertEquals(List.of("all", "eu", "us"), lines.subList(1, 4).stream().map(l -> l.split(",")[3]).toList());
  }

  @Test
  void figuresOfTheKnownSamples() {
    // all pods, both repeats: 200 and 400 ops/s, 2000 ops of 1024 bytes in 10 s then 5 s: 0.2048 and 0.4096 MB/s;
    // every value 1..2000 us twice; 100 bytes out and 1074 in per op; three pods at 0.25 cores each
    assertEquals("sample,read,1024,all,3,2,throughput,4000,6,0,300.00,141.42,ops/s,0.307,0.145,1000,1800,1900,1980,"
        + "1998,400000,4296000,0.322,0.030,0.750,0.250,150000000,", lines.get(1));
    // eu: 1..1000 twice; 100 and 200 ops/s; eu-0's errors; two pods
    assertEquals("sample,read,1024,eu,2,2,throughput,2000,6,0,150.00,70.71,ops/s,0.154,0.072,500,900,950,990,999,"
        + "200000,2148000,0.161,0.015,0.500,0.250,120000000,", lines.get(2));
    // us: 1001..2000 twice
    assertEquals("sample,read,1024,us,1,2,throughput,2000,0,0,150.00,70.71,ops/s,0.154,0.072,1500,1900,1950,1990,1999,"
        + "200000,2148000,0.161,0.015,0.250,0.250,150000000,", lines.get(3));
    // the largest buffer: three times the window rate, 16 times the bytes per op
    assertEquals("sample,read,16384,all,3,2,throughput,4000,0,0,900.00,424.26,ops/s,14.746,6.951,1000,1800,1900,1980,"
        + "1998,400000,65736000,14.791,0.090,0.750,0.250,150000000,", lines.get(7));
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
    ReportRow row = new ReportRow("r", "get", params, Map.of("client", "the \"pooled\" one"), "all", null, null, null,
        null, 1, 1, "throughput", "ops/s", 10L, 0L, 0L, 1.0, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null);
    String csv = CsvReport.write(List.of(row), List.of("client"), List.of("client"), List.of(50.0), List.of());
    assertEquals("run,scenario,client,client_label,region", csv.split("\r\n")[0].substring(0, 39));
    assertEquals("r,get,\"sync, \"\"pooled\"\"\",\"the \"\"pooled\"\" one\",all,1,1,throughput,10,0,0,1.00,,ops/s,,,,,,,,,,,",
        csv.split("\r\n")[1]);
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
