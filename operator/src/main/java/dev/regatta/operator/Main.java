package dev.regatta.operator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator jar's entry point: one subcommand per line. */
@Command(name = "regatta-operator", mixinStandardHelpOptions = true, version = "regatta-operator 0.1.0",
    description = "Regatta: distributed benchmarks on Kubernetes.",
    subcommands = {
        RunCommand.class,
        dev.regatta.local.LocalCommand.class,
        dev.regatta.report.command.ReportCommand.class,
    })
public class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
