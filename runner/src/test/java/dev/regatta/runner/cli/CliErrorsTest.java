package dev.regatta.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.runner.standin.HttpStandin;
import dev.regatta.runner.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliErrorsTest {
  @Test
  void anUnknownFlagPrintsUsageAndExits2() {
    Cli cli = Cli.run("redis", "--conections", "5");
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("Unknown option") && cli.err().contains("'--conections'"), cli.err());
    assertTrue(cli.err().contains("Usage: regatta-runner redis"), cli.err());
  }

  @Test
  void aBadDurationIsAUsageError() {
    Cli cli = Cli.run("http", "--url", "http://127.0.0.1:1/", "--duration", "ten");
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("'ten' is not a duration"), cli.err());
  }

  @Test
  void durationAndIterationsTogetherIsAUsageError() {
    Cli cli = Cli.run("redis", "--duration", "1s", "--iterations", "5");
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("--duration or --iterations, not both"), cli.err());
  }

  @Test
  void aMatrixKeyNoFieldTakesIsAUsageError() {
    Cli cli = Cli.run("redis", "--matrix", "bufferSiz=1,2", "--iterations", "1");
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("matrix.bufferSiz: 'bufferSiz' is not a parameter of the redis workload"), cli.err());
  }

  @Test
  void noSubcommandShowsUsageAndExits2() {
    Cli cli = Cli.run();
    assertEquals(2, cli.exit());
  }

  @Test
  void helpAndVersionWork() {
    Cli help = Cli.run("http", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("--rate"), help.out());
    assertTrue(help.out().contains("--matrix"), help.out());
    Cli version = Cli.run("--version");
    assertEquals(0, version.exit());
    assertTrue(version.out().startsWith("regatta-runner "), version.out());
  }

  @Test
  void anUnreachableRedisIsOneClearLineQuickly() {
    Cli cli = Cli.run("redis", "--url", "redis://127.0.0.1:1", "--op", "get", "--connections", "50", "--duration",
        "8s", "--timeout", "2s");
    assertEquals(1, cli.exit());
    assertEquals("regatta: cannot connect to redis://127.0.0.1:1: connection refused", cli.err().trim());
    assertTrue(cli.millis() < 2000, "took " + cli.millis() + " ms");
    assertFalse(cli.err().contains("\tat "), "no stack trace");
  }

  @Test
  void anUnreachableHttpTargetIsOneClearLineQuickly() {
    Cli cli = Cli.run("http", "--url", "http://127.0.0.1:1/x", "--rate", "200", "--duration", "10s", "--timeout", "2s");
    assertEquals(1, cli.exit());
    assertEquals("regatta: cannot connect to http://127.0.0.1:1/x: connection refused", cli.err().trim());
    assertTrue(cli.millis() < 2000, "took " + cli.millis() + " ms");
  }

  // Issue 10: the flags are held to the same rules as a run file; each refusal is one line and exit 2, never an
  // exception's name, and nothing connects (port 1 would refuse with exit 1).

  private static void refused(Cli cli, String fragment) {
    assertEquals(2, cli.exit(), cli.err());
    assertTrue(cli.err().contains(fragment), cli.err());
    assertEquals(1, cli.err().trim().lines().count(), "one line: " + cli.err());
    assertFalse(cli.err().contains("Exception"), cli.err());
  }

  @Test
  void aHeaderWithCrOrLfIsRefused() {
    refused(Cli.run("http", "--url", "http://127.0.0.1:1/", "-H", "X-A: a\r\nX-Injected: 1", "--iterations", "1"),
        "http.headers.X-A: header 'X-A' has a value with a CR, LF or NUL character, which would end the header: "
            + "'a\\r\\nX-Injected: 1'");
  }

  @Test
  void sizesBeyondTheirFieldOrALongAreRefused() {
    refused(Cli.run("http", "--url", "http://127.0.0.1:1/", "--body-size", "5000000000", "--iterations", "1"),
        "http.bodySize: must be at most 1Gi (1073741824 bytes), got '5000000000'");
    refused(Cli.run("redis", "--url", "redis://127.0.0.1:1", "--value-size", "17179869184Gi", "--iterations", "1"),
        "redis.valueSize: '17179869184Gi' is too large to be a size");
  }

  @Test
  void documentedLimitsApplyToFlags() {
    refused(Cli.run("http", "--url", "http://127.0.0.1:1/", "-c", "200000", "--iterations", "1"),
        "load.connections: must be at most 100000, got 200000");
    refused(Cli.run("redis", "--url", "redis://127.0.0.1:1", "--matrix", "bufferSize=1Gi", "--op", "blobRead",
        "--iterations", "1"), "matrix.bufferSize: must be at most 64Mi");
  }

  @Test
  void onTheCommandLineARedisUrlMayCarryThePassword() {
    // Nothing is copied anywhere from the user's own machine: the URL is the command line's way to give AUTH.
    Cli cli = Cli.run("redis", "--url", "redis://:secret@127.0.0.1:1", "--iterations", "1", "--timeout", "2s");
    assertEquals(1, cli.exit(), cli.err());
    assertFalse(cli.err().contains("secret"), "the password is never printed: " + cli.err());
  }

  @Test
  void onlyThePointWithoutASuccessIsNamedAndItFailsTheRun() throws Exception {
    try (HttpStandin target = HttpStandin.start(10)) {
      Cli ok = Cli.run("http", "--url", target.url(), "--connections", "1", "--iterations", "10");
      assertEquals(0, ok.exit(), ok.err());
      Path file = Files.createTempFile("run", ".yaml");
      Files.writeString(file, """
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: mixed}
          spec:
            placements: [{name: p, pods: 1}]
            scenarios:
              - {name: fine, http: {url: "%sok"}, iterations: 10, warmup: 0s, load: {connections: 1}}
              - {name: broken, http: {url: "%sstatus/500"}, iterations: 10, warmup: 0s, load: {connections: 1}}
          """.formatted(target.url(), target.url()));
      Cli run = Cli.run("run", file.toString());
      Files.delete(file);
      assertEquals(1, run.exit(), run.err());
      assertTrue(run.err().contains("no operation succeeded in broken: 10 of 10 operations failed"), run.err());
      assertFalse(run.err().contains("fine:"), run.err());
    }
  }

  @Test
  void aWindowInWhichNothingCompletedIsAWarningNotAFailure() throws Exception {
    // the warm-up's one request takes 3 s: nothing is sent inside the 200 ms window, and nothing fails
    try (HttpStandin target = HttpStandin.withDelay(10, java.time.Duration.ofSeconds(3))) {
      Cli cli = Cli.run("http", "--url", target.url(), "--connections", "1", "--warmup", "100ms", "--duration",
          "200ms");
      assertEquals(0, cli.exit(), cli.err());
      assertTrue(cli.err().contains("regatta: warning: measured nothing in http: no operation completed in the "
          + "measured window"), cli.err());
    }
  }

  @Test
  void helpListsTheExitCodes() {
    for (String command : new String[] {"redis", "http", "run"}) {
      Cli help = Cli.run(command, "--help");
      assertEquals(0, help.exit());
      assertTrue(help.out().contains("Exit codes:"), help.out());
      assertTrue(help.out().contains("no operation") && help.out().contains("succeeded (every request failed)"),
          help.out());
      assertTrue(help.out().matches("(?s).*\\n\\s*2\\s+configuration.*"), help.out());
    }
    Cli pod = Cli.run("pod", "--help");
    assertTrue(pod.out().contains("NoSuccessfulRequests"), pod.out());
  }
}
