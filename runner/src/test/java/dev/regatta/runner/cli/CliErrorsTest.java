package dev.regatta.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.runner.testing.Cli;
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
    assertTrue(cli.err().contains("matrix parameter 'bufferSiz'"), cli.err());
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
}
