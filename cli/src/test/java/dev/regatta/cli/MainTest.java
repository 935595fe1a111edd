package dev.regatta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The regatta jar's entry point reaches local mode and the report command under the names the docs use. */
class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int regatta(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsLocalAndReport() {
    assertEquals(0, regatta("--help"));
    assertTrue(out.toString().startsWith("Usage: regatta "), out.toString());
    assertTrue(out.toString().contains("  local "), out.toString());
    assertTrue(out.toString().contains("  report "), out.toString());
    assertTrue(out.toString().contains("  wait "), out.toString());
    assertTrue(out.toString().contains("  watch "), out.toString());
  }

  @Test
  void subcommandsAnswerUnderTheirFullName() {
    assertEquals(0, regatta("report", "--help"));
    assertTrue(out.toString().startsWith("Usage: regatta report "), out.toString());
    assertEquals(0, regatta("local", "--help"));
    assertTrue(out.toString().contains("Usage: regatta local "), out.toString());
  }

  @Test
  void reportWithoutARunIsAUsageError() {
    assertEquals(2, regatta("report"));
    assertTrue(err.toString().contains("name a RUN, or give -l SELECTOR or --from-files DIR"), err.toString());
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    assertEquals(2, regatta("run"));
    assertTrue(err.toString().contains("Unmatched argument"), err.toString());
  }

  @Test
  void versionNamesTheJar() {
    assertEquals(0, regatta("--version"));
    assertEquals("regatta 0.1.0", out.toString().trim());
  }

  /** Local mode's --metrics-port: a port that is no port, or one in use, is one line and exit 2 before anything starts. */
  @Test
  void localRefusesAMetricsPortItCannotListenOn() throws Exception {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
      String quickstart = java.nio.file.Path.of("..", "examples", "quickstart.yaml").toString();
      assertEquals(2, regatta("local", "--metrics-port", "70000", quickstart));
      assertEquals(2, regatta("local", "--metrics-port", String.valueOf(busy.getLocalPort()), quickstart));
    } finally {
      System.setErr(stderr);
    }
    String text = said.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("--metrics-port 70000 is not a port"), text);
    assertTrue(text.contains("cannot listen on 127.0.0.1:") && text.contains("in use"), text);
    assertTrue(!text.contains("\tat "), "no stack trace: " + text);
  }
}
