package dev.regatta.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "pod", mixinStandardHelpOptions = true,
    description = "Pod mode under the Regatta operator (see docs/PROTOCOL.md): run file and identity from the environment.")
public final class PodCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
