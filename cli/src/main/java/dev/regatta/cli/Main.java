package dev.regatta.cli;

import dev.regatta.local.LocalCommand;
import dev.regatta.report.command.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code regatta}: what a user runs on their machine, one subcommand per module that does the work. */
@Command(name = "regatta", mixinStandardHelpOptions = true, version = "regatta 0.1.0",
    description = "Regatta: distributed benchmarks on Kubernetes, from your machine.",
    subcommands = {
        LocalCommand.class,
        ReportCommand.class,
        WaitCommand.class,
        WatchCommand.class,
        AbortCommand.class,
    })
public class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
