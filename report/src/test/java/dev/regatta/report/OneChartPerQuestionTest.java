package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.report.html.HtmlReport;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The read-size sweep's question is one chart: MB/s by bufferSize, one line per transport, on a log2 axis; and a
 * legend never cuts a series' name, however long a configuration's label is.
 */
class OneChartPerQuestionTest {
  private final Report report = ReportBuilder.build(
      new RunData("sweep", "bench", null, ReportFixtures.readSizeSweep("sweep"), "test"));
  private final String html = HtmlReport.write(report);

  @Test
  void fourTransportsSweepingTheSameBufferSizesAreFourLinesOnOneBandwidthChart() throws Exception {
    assertEquals(1, count(html, "class=\"bandwidth-plot\""), "one chart for the one question");
    assertEquals(0, count(html, "class=\"throughput-plot\""));
    JsonNode plots = HtmlReportTest.embeddedData(html).path("plots").path("sweeps");
    assertEquals(1, plots.size());
    JsonNode plot = plots.get(0);
    assertEquals("bandwidth", plot.path("figure").asText());
    assertEquals("MB/s", plot.path("unit").asText());
    assertEquals("log2", plot.path("scale").asText());
    assertEquals("[\"redis\",\"http\",\"https\",\"s3\"]", plot.path("scenarios").toString());
    assertEquals(4, plot.path("series").size());
    // https at 64 KiB: 3 x 64 x 1000 x 1000 bytes per pod per second, two pods
    JsonNode https = plot.path("series").get(2);
    assertEquals("https", https.path("label").asText());
    assertEquals(384.0, https.path("y").get(4).asDouble(), 1e-9);
    assertTrue(html.contains("bandwidth (MB/s, decimal) by bufferSize (log2 axis): redis, http, https, s3"), html);
    String chart = html.substring(html.indexOf("class=\"bandwidth-plot\""));
    chart = chart.substring(0, chart.indexOf("</svg>"));
    assertEquals(4, count(chart, "class=\"legend-entry\""), "four lines, four legend entries");
  }

  @Test
  void theHeadlineColumnShowsMegabytesPerSecondFirst() {
    assertTrue(html.contains("<td>384 MB/s</td>"), "https at 64 KiB as its headline");
  }

  @Test
  void legendsCarryEveryNameWhole() throws Exception {
    String longLabel = "max_batch_size=1, num_replicas=8, ".repeat(8) + "the end";
    List<ResultDocument> docs = new ArrayList<>();
    for (ResultDocument d : ReportFixtures.readSizeSweep("sweep")) {
      List<ScenarioResult> rs = new ArrayList<>();
      for (ScenarioResult r : d.scenarios()) {
        Map<String, String> params = new LinkedHashMap<>(r.params());
        params.put("config", "a");
        rs.add(new ScenarioResult(r.name(), params, r.repeat(), r.count(), r.errors(), r.errorsByType(), r.dropped(),
            r.durationSeconds(), r.throughputPerSecond(), r.bytesPerSecond(), r.bytes(), r.latencyMicros(),
            r.histogram(), null, null, r.resources(), r.bytesSent(), r.bytesReceived(), null, null,
            Map.of("config", longLabel), r.headline(), r.rateUnit()));
      }
      docs.add(new ResultDocument(d.version(), d.run(), d.namespace(), d.pod(), d.placement(), d.region(), d.zone(),
          d.index(), d.node(), d.startAt(), d.measuredStartEpochMicros(), d.finishedAt(), rs, null));
    }
    String page = HtmlReport.write(ReportBuilder.build(new RunData("sweep", "bench", null, docs, "test")));
    Matcher m = Pattern.compile("class=\"legend-entry\" data-series=\"\\d+\" data-name=\"([^\"]*)\"").matcher(page);
    int entries = 0;
    while (m.find()) {
      assertTrue(m.group(1).endsWith(longLabel), "whole: " + m.group(1));
      entries++;
    }
    assertTrue(entries >= 4, "legend entries: " + entries);
    assertTrue(page.contains(" the end</text>"), "the label's last words are drawn too (wrapped, not cut)");
  }

  static int count(String s, String what) {
    return s.split(Pattern.quote(what), -1).length - 1;
  }
}
