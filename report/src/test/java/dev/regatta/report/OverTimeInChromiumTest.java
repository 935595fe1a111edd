package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.report.html.HtmlReport;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Opens the "stall" run's report in headless Chromium, offline, and looks at its latency-over-time chart as a reader
 * does: the highest point of its lines stands over the interval of the stall, 45 s .. 50 s, and the fleet's p99
 * there (read from the chart's own points) is the stall's second while every other interval's is milliseconds; the
 * throughput chart is drawn beside it, with a line for the fleet and one per region. Screenshots stay in {@code report/target/chromium/}.
 */
class OverTimeInChromiumTest {
  private static final Pattern CIRCLE = Pattern.compile(
      "<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"[0-9.]+\" fill=\"[^\"]+\"><title>([^<]*)</title></circle>");

  @Test
  void theStallShowsInItsIntervalOnTheLatencyChart() throws Exception {
    Path shots = HtmlRendersInChromiumTest.SHOTS;
    Files.createDirectories(shots);
    String page = HtmlReport.write(ReportBuilder.build(new RunData("stall", "bench", null, SeriesFixtures.docs(),
        "test")));
    Files.writeString(shots.resolve("over-time.html"), page);
    String latency = svg(page, "latency-time-plot");
    String throughput = svg(page, "throughput-time-plot");

    // the chart's own points: the fleet's p99 of 45-50 s is the stall, its neighbours are milliseconds
    double stallX = -1;
    List<String> fleetP99 = new ArrayList<>();
    Matcher m = CIRCLE.matcher(latency);
    while (m.find()) {
      String tip = m.group(3);
      if (tip.startsWith("fleet p99 at ")) {
        fleetP99.add(tip);
        if (tip.startsWith("fleet p99 at 45 s–50 s: ")) {
          stallX = Double.parseDouble(m.group(1));
        }
      }
    }
    assertEquals(SeriesFixtures.INTERVALS, fleetP99.size(), fleetP99.toString());
    assertTrue(stallX > 0, "a point for the stall's interval: " + fleetP99);
    for (String tip : fleetP99) {
      boolean stall = tip.startsWith("fleet p99 at 45 s–50 s: ");
      assertEquals(stall, tip.matches(".*: 1\\.0[0-9]*s .*"), tip);
    }

    // what Chromium draws: the highest point of any line (the fleet's p99 and eu's lie on one another there) stands
    // over that interval
    Path chart = Files.writeString(shots.resolve("latency-over-time.html"),
        "<!DOCTYPE html><html><body style=\"margin:0\">" + latency + "</body></html>");
    BufferedImage img = HtmlRendersInChromiumTest.screenshot(chart, shots.resolve("latency-over-time.png"), 920, 560);
    int[] top = topmostColoured(img);
    assertTrue(top[0] >= 0, "the lines are drawn");
    assertTrue(Math.abs(top[0] - stallX) <= 6, "the peak is at x=" + top[0] + ", the stall's interval at " + stallX);

    // the throughput chart, in the page beside it: a line for the fleet and one per region, the dip in its interval
    assertTrue(throughput.contains("fleet at 45 s–50 s: 48/s") && throughput.contains("data-name=\"eu\"")
        && throughput.contains("data-name=\"us\""), "a line for the fleet and one per region");
  }

  private static String svg(String page, String cssClass) {
    int at = page.indexOf("class=\"" + cssClass + "\"");
    assertTrue(at > 0, "the report has a " + cssClass);
    int start = page.lastIndexOf("<svg", at);
    return page.substring(start, page.indexOf("</svg>", start) + 6);
  }

  /**
   * {x, y} of the topmost coloured pixel in the plot area (x -1 when there is none): the title, axes, labels and
   * grid are black or grey, only the series have colour; the legend under the plot is left out.
   */
  private static int[] topmostColoured(BufferedImage img) {
    for (int y = 0; y < 328; y++) {
      for (int x = 84; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
          return new int[] {x, y};
        }
      }
    }
    return new int[] {-1, -1};
  }

}
