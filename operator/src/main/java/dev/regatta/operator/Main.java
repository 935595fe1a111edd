package dev.regatta.operator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator jar's entry point: {@code run}, the controller. What a user runs on a machine (local mode,
 * reports) is the cli module's {@code regatta} jar.
 */
@Command(name = "regatta-operator", mixinStandardHelpOptions = true, version = "regatta-operator 0.1.0",
    description = "Regatta: distributed benchmarks on Kubernetes.",
    subcommands = {
        RunCommand.class,
    })
public class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
