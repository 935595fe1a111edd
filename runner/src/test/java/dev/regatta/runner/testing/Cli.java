package dev.regatta.runner.testing;

import dev.regatta.runner.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process and keeps what it printed. */
public record Cli(int exit, String out, String err, long millis) {
  public static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int exit = cmd.execute(args);
    return new Cli(exit, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
  }
}
