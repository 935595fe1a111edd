package dev.regatta.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.result.SeriesCheck;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's progress line per interval on stderr (k6/wrk2 style), --quiet, and the series in --json. */
class ProgressLineTest {
  private static final Pattern LINE = Pattern.compile(
      "regatta: \\[(\\d+)s\\] redis: [0-9.]+k? ops/s, [0-9.,]+ MB/s, p50 [0-9.]+(us|ms|s), p99 [0-9.]+(us|ms|s), "
          + "0 errors, 0 dropped");
  static RedisServerProcess redis;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void aLongWindowPrintsALinePerIntervalAndQuietSilencesIt(@TempDir Path dir) {
    Path json = dir.resolve("r.json");
    Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "get", "--connections", "2", "--duration", "3s",
        "--interval", "1s", "--json", json.toString());
    assertEquals(0, cli.exit(), cli.err());
    List<String> lines = cli.err().lines().filter(l -> l.startsWith("regatta: [")).toList();
    // ticks at 1 s and 2 s (the one at 3 s may be the window's end, which prints the summary instead)
    assertTrue(lines.size() >= 2 && lines.size() <= 3, cli.err());
    long previous = 0;
    for (String l : lines) {
      Matcher m = LINE.matcher(l);
      assertTrue(m.matches(), l);
      long at = Long.parseLong(m.group(1));
      assertTrue(at > previous, "elapsed goes up: " + lines);
      previous = at;
    }
    ScenarioResult r = ResultJson.read(json).scenarios().get(0);
    assertEquals(1_000, r.series().intervalMillis());
    assertEquals(lines.size() + 1, r.series().intervals().size(), "one line per interval but the window's last");
    SeriesCheck.check(r);

    Cli quiet = Cli.run("redis", "--url", redis.url(), "--op", "get", "--connections", "2", "--duration", "2s",
        "--interval", "1s", "--quiet", "--json", json.toString());
    assertEquals(0, quiet.exit(), quiet.err());
    assertTrue(quiet.err().lines().noneMatch(l -> l.startsWith("regatta: [")), quiet.err());
    assertTrue(quiet.out().contains("Requests/sec"), "the summary is printed all the same");
    assertTrue(ResultJson.read(json).scenarios().get(0).series().intervals().size() >= 2, "and the series kept");
  }

  @Test
  void aWindowShorterThanTheIntervalPrintsNoLine() {
    Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "get", "--connections", "2", "--iterations", "50");
    assertEquals(0, cli.exit(), cli.err());
    assertTrue(cli.err().lines().noneMatch(l -> l.startsWith("regatta: [")), cli.err());
  }

  @Test
  void anIntervalUnderASecondIsRefused() {
    Cli cli = Cli.run("redis", "--url", redis.url(), "--op", "get", "--duration", "1s", "--interval", "200ms");
    assertEquals(2, cli.exit(), cli.err());
    assertTrue(cli.err().contains("--interval 200ms is shorter than 1s"), cli.err());
  }
}
