package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.report.html.HtmlReport;
import dev.regatta.report.model.Report;
import dev.regatta.report.model.ReportBuilder;
import dev.regatta.report.model.RunData;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Opens the read-size sweep's report in headless Chromium, offline, and checks what a reader sees: the page draws,
 * and its bandwidth chart, on its own, shows four lines in four colours (redis, http, https, s3) and no fifth.
 * Chromium comes from Debian's {@code chromium} package, which {@code scripts/ensure-deps.sh test} installs; the
 * screenshots stay in {@code report/target/chromium/} for a person to look at.
 */
class HtmlRendersInChromiumTest {
  static final Path SHOTS = Path.of("target", "chromium");

  static String chromium() {
    for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, c))) {
          return Path.of(dir, c).toString();
        }
      }
    }
    return null;
  }

  /** Renders a page to a PNG of the given size; fails with Chromium's output when it cannot. */
  static BufferedImage screenshot(Path html, Path png, int width, int height) throws Exception {
    String chromium = chromium();
    assertNotNull(chromium, "Chromium is needed to render the report: apt-get install -y chromium "
        + "(scripts/ensure-deps.sh test installs it)");
    Path profile = Files.createTempDirectory("regatta-chromium-");
    Path log = png.resolveSibling(png.getFileName() + ".log");
    Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(), html.toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), Files.readString(log));
    return ImageIO.read(png.toFile());
  }

  @Test
  void theReadSizeSweepIsOneBandwidthChartWithFourLines() throws Exception {
    Files.createDirectories(SHOTS);
    Report report = ReportBuilder.build(
        new RunData("transport-read-size-sweep", "bench", null, ReportFixtures.readSizeSweep("sweep"), "test"));
    String page = HtmlReport.write(report);
    Path html = Files.writeString(SHOTS.resolve("read-size-sweep.html"), page);
    BufferedImage full = screenshot(html, SHOTS.resolve("read-size-sweep.png"), 1200, 2400);
    assertEquals(1200, full.getWidth());
    assertTrue(pixels(full, 0x00, 0x72, 0xB2) > 500, "the page draws its plots");

    // the bandwidth chart alone: four series colours, and not a fifth
    int start = page.indexOf("<svg", page.indexOf("class=\"bandwidth-plot\"") - 200);
    String svg = page.substring(start, page.indexOf("</svg>", start) + 6);
    Path chart = Files.writeString(SHOTS.resolve("bandwidth-chart.html"),
        "<!DOCTYPE html><html><body style=\"margin:0\">" + svg + "</body></html>");
    BufferedImage img = screenshot(chart, SHOTS.resolve("bandwidth-chart.png"), 920, 520);
    String[] lines = {"redis #0072B2", "http #E69F00", "https #009E73", "s3 #D55E00"};
    for (String line : lines) {
      int rgb = Integer.parseInt(line.substring(line.indexOf('#') + 1), 16);
      int n = pixels(img, rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
      assertTrue(n > 300, line + ": a line across the chart, " + n + " pixels");
    }
    assertEquals(0, pixels(img, 0xCC, 0x79, 0xA7), "no fifth series");
  }

  /** Pixels within 12 of each channel of the colour r, g, b (anti-aliasing blends a line's edges). */
  static int pixels(BufferedImage img, int r, int g, int b) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        if (Math.abs(((rgb >> 16) & 0xff) - r) < 12 && Math.abs(((rgb >> 8) & 0xff) - g) < 12
            && Math.abs((rgb & 0xff) - b) < 12) {
          n++;
        }
      }
    }
    return n;
  }
}
