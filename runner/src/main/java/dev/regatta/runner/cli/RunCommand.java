package dev.regatta.runner.cli;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.runner.sidecar.SidecarPreparer;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.units.Durations;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one pod's share of a BenchmarkRun file locally, without Kubernetes, and print the summary.")
public final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE.yaml", description = "A BenchmarkRun (the same file kubectl applies).")
  Path file;

  @Option(names = "--run", paramLabel = "NAME", description = "Which BenchmarkRun when the file holds several.")
  String runName;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the result document (JSON) to FILE.")
  Path json;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Converters.GoDuration.class,
      description = "Connect and request timeout for targets without their own (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--skip-sidecars", description = "Do not wait for or preload the run's sidecars on localhost.")
  boolean skipSidecars;

  @Option(names = {"-q", "--quiet"}, description = "No progress line per live interval (spec.liveInterval).")
  boolean quiet;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BenchmarkRun run = load(file, runName);
    List<ScenarioPlan> plans;
    try {
      plans = ScenarioPlan.of(run.getSpec());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
    if (!skipSidecars && run.getSpec().getSidecars() != null && !run.getSpec().getSidecars().isEmpty()) {
      SidecarPreparer.prepareAll(run.getSpec());
    }
    return CliRun.run(plans, new RunContext(Durations.parse(timeout), null), json, spec.commandLine().getOut(),
        spec.commandLine().getErr(), run.getSpec().effectiveLiveInterval(), quiet);
  }

  /** Reads and validates the run; every problem is a ConfigException naming the file. */
  public static BenchmarkRun load(Path file, String name) {
    List<BenchmarkRun> runs;
    try {
      runs = RunFiles.read(file);
    } catch (RuntimeException e) {
      throw new ConfigException(e.getMessage());
    }
    if (runs.isEmpty()) {
      throw new ConfigException(file + ": no BenchmarkRun in the file");
    }
    BenchmarkRun run = runs.get(0);
    if (name != null) {
      run = runs.stream().filter(r -> r.getMetadata() != null && name.equals(r.getMetadata().getName())).findFirst()
          .orElseThrow(() -> new ConfigException(file + ": no BenchmarkRun named " + name));
    } else if (runs.size() > 1) {
      throw new ConfigException(file + " holds " + runs.size() + " runs: choose one with --run NAME");
    }
    if (run.getSpec() == null) {
      throw new ConfigException(file + ": the BenchmarkRun has no spec");
    }
    List<Violation> violations = SpecValidator.validate(run);
    if (!violations.isEmpty()) {
      throw new ConfigException(file + ": " + SpecValidator.describe(violations));
    }
    return run;
  }
}
