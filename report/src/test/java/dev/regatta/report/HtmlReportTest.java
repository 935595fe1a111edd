package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.report.html.HtmlReport;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import dev.regatta.result.ResultJson;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private final Report report = ReportBuilder.build(
      new RunData("sample", "bench", null, ReportFixtures.docs("sample", 1.0), "test"));
  private final String html = HtmlReport.write(report);

  static JsonNode embeddedData(String html) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + HtmlReport.DATA_ELEMENT_ID
        + "\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "the page embeds its plot data");
    return ResultJson.mapper().readTree(m.group(1));
  }

  @Test
  void needsNothingFromTheNetwork() {
    assertFalse(html.contains("src="), "no external script or image");
    assertFalse(html.contains("<link"), "no external stylesheet");
    String withoutSvgNamespace = html.replace("http://www.w3.org/2000/svg", "");
    assertFalse(withoutSvgNamespace.contains("http://") || withoutSvgNamespace.contains("https://"));
  }

  @Test
  void drawsOneLatencyPlotOneSweepPlotAndTwoRegionPlots() {
    assertEquals(1, count("class=\"latency-plot\""));
    assertEquals(1, count("class=\"throughput-plot\""));
    assertEquals(2, count("class=\"region-plot\""));
    assertTrue(html.contains("read: throughput (ops/s) by bufferSize (log2 axis)"));
    // the nines axis
    for (String tick : List.of(">0%<", ">90%<", ">99%<", ">99.9%<")) {
      assertTrue(html.contains(tick), tick);
    }
  }

  @Test
  void embedsTheLatencyCurvesOfEveryPoint() throws Exception {
    JsonNode curves = embeddedData(html).path("plots").path("latency").get(0).path("curves");
    assertEquals(3, curves.size());
    JsonNode c = curves.get(0);
    assertEquals("bufferSize=1024", c.path("label").asText());
    assertEquals(4000, c.path("count").asLong());
    List<Double> ps = doubles(c.path("percentiles"));
    List<Long> vs = new ArrayList<>();
    c.path("valuesMicros").forEach(v -> vs.add(v.asLong()));
    assertEquals(0.0, ps.get(0), 1e-9);
    assertEquals(99.975, ps.get(ps.size() - 1), 1e-9, "last point: one sample below 100%");
    assertEquals(2000L, vs.get(vs.size() - 1));
    // the curve passes through the known percentiles (50% and 90% are ticks of HdrHistogram's walk) ...
    assertEquals(50.0, ps.get(firstAtOrPast(ps, 50.0)), 1e-9);
    assertEquals(1000L, vs.get(firstAtOrPast(ps, 50.0)));
    assertEquals(90.0, ps.get(firstAtOrPast(ps, 90.0)), 1e-9);
    assertEquals(1800L, vs.get(firstAtOrPast(ps, 90.0)));
    // ... reaches into the tail, and never goes down
    assertTrue(ps.get(ps.size() - 2) > 99.9, "ticks past 99.9%: " + ps);
    for (int i = 1; i < vs.size(); i++) {
      assertTrue(vs.get(i) >= vs.get(i - 1) && ps.get(i) > ps.get(i - 1), "monotonic at " + i);
    }
  }

  @Test
  void embedsThroughputAgainstTheSweptParameter() throws Exception {
    JsonNode plot = embeddedData(html).path("plots").path("sweeps").get(0);
    assertEquals("bufferSize", plot.path("param").asText());
    assertEquals("log2", plot.path("scale").asText());
    assertEquals("throughput", plot.path("figure").asText());
    JsonNode s = plot.path("series").get(0);
    assertEquals("[\"1024\",\"4096\",\"16384\"]", s.path("x").toString());
    assertEquals(List.of(300.0, 600.0, 900.0), doubles(s.path("y")));
  }

  @Test
  void embedsThePerRegionComparison() throws Exception {
    JsonNode plot = embeddedData(html).path("plots").path("regions").get(0);
    assertEquals("[\"eu\",\"us\"]", plot.path("regions").toString());
    assertEquals(List.of(150.0, 300.0, 450.0), doubles(plot.path("throughput").get(0)));
    assertEquals("[990,990,990]", plot.path("p99Micros").get(0).toString());
    assertEquals("[1990,1990,1990]", plot.path("p99Micros").get(1).toString());
  }

  private int count(String s) {
    return html.split(Pattern.quote(s), -1).length - 1;
  }

  private static int firstAtOrPast(List<Double> ps, double p) {
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i) >= p) {
        return i;
      }
    }
    throw new AssertionError("no tick past " + p);
  }

  private static List<Double> doubles(JsonNode a) {
    List<Double> l = new ArrayList<>();
    a.forEach(v -> l.add(v.asDouble()));
    return l;
  }
}
