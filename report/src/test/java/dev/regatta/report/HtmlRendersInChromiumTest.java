package dev.regatta.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium, offline, and checks the plots were drawn: the screenshot holds the
 * plot colours. Skipped (with the reason) where Chromium is not installed: `apt-get install -y chromium`.
 */
class HtmlRendersInChromiumTest {
  @TempDir
  Path tmp;

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

  @Test
  void theScreenshotShowsThePlots() throws Exception {
    String chromium = chromium();
    assumeTrue(chromium != null, "Chromium not installed (apt-get install -y chromium): skipping the render check");
    Report report = ReportBuilder.build(
        new RunData("sample", "bench", null, ReportFixtures.docs("sample", 1.0), "test"));
    Path html = Files.writeString(tmp.resolve("report.html"), HtmlReport.write(report));
    Path png = tmp.resolve("shot.png");
    Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1200,2600", "--screenshot=" + png,
        html.toUri().toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + Files.readString(tmp.resolve("chromium.log")));
    }
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("chromium.log")));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1200, img.getWidth());
    // first series (blue, #0072B2) draws lines and bars; second region (orange, #E69F00) draws bars
    int blue = pixels(img, 0x00, 0x72, 0xB2);
    int orange = pixels(img, 0xE6, 0x9F, 0x00);
    assertTrue(blue > 500, "plot lines and bars in the first colour: " + blue + " pixels");
    assertTrue(orange > 500, "region bars in the second colour: " + orange + " pixels");
  }

  private static int pixels(BufferedImage img, int r, int g, int b) {
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
