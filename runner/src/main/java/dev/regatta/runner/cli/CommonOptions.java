package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.MatrixAxis;
import dev.regatta.api.v1alpha1.Stage;
import dev.regatta.units.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags every workload subcommand shares: how much load, for how long, how often, and where results go. */
public class CommonOptions {
  @Option(names = "--duration", paramLabel = "DURATION", converter = Converters.GoDuration.class,
      description = "Measured time per point and repeat, e.g. 10s, 1m30s (default 10s unless --iterations).")
  String duration;

  @Option(names = "--iterations", paramLabel = "N", description = "Measured operations instead of a duration.")
  Long iterations;

  @Option(names = "--warmup", paramLabel = "DURATION", converter = Converters.GoDuration.class,
      description = "Unmeasured warm-up before each measured window (default 0s).")
  String warmup;

  @Option(names = {"-c", "--connections"}, paramLabel = "N",
      description = "Closed model: concurrent connections (default 10). Open model: most requests in flight (default 50).")
  Integer connections;

  @Option(names = {"-R", "--rate"}, paramLabel = "PER_SECOND",
      description = "Open model: requests per second, latency measured from each request's intended send time.")
  Double rate;

  @Option(names = "--stage", paramLabel = "DURATION:RATE", converter = Converters.StageConverter.class,
      description = "Open model ramp stage (repeatable): move the rate linearly to RATE over DURATION, e.g. 30s:1000.")
  List<Stage> stages = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.GoDuration.class, defaultValue = "10s",
      description = "Connect and request timeout (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--repeats", paramLabel = "N", description = "Measure each point this many times (default 1).")
  Integer repeats;

  @Option(names = "--matrix", paramLabel = "NAME=VALUES", converter = Converters.MatrixConverter.class,
      description = "Sweep a parameter (repeatable): name=v1,v2,... or name=2^12..2^22 (powers of two).")
  List<Converters.MatrixEntry> matrix = new ArrayList<>();

  @Option(names = "--name", paramLabel = "NAME", description = "Scenario name in the results (default: the workload).")
  String name;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the result document (JSON) to FILE.")
  Path json;

  @Option(names = "--interval", paramLabel = "DURATION", converter = Converters.GoDuration.class, defaultValue = "5s",
      description = "A progress line, and a point of the result's time series, every DURATION of a window (at least 1s; "
          + "default ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = {"-q", "--quiet"}, description = "No progress line per interval (the summary is printed all the same).")
  boolean quiet;

  /** The live interval; at least a second, as a run's spec.liveInterval. */
  Duration liveInterval() {
    Duration d = Durations.parse(interval);
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("--interval " + interval + " is shorter than 1s");
    }
    return d;
  }

  public Duration timeoutDuration() {
    return Durations.parse(timeout);
  }

  public Path json() {
    return json;
  }

  /** The load these flags describe: open when --rate or --stage is given, closed otherwise. */
  Load load() {
    if (rate != null || !stages.isEmpty()) {
      Load l = new Load();
      l.setModel(Load.Model.OPEN);
      l.setRate(rate);
      l.setConnections(connections);
      l.setStages(stages.isEmpty() ? new ArrayList<>() : new ArrayList<>(stages));
      return l;
    }
    return Load.closed(connections == null ? 10 : connections);
  }

  Map<String, MatrixAxis> matrix() {
    Map<String, MatrixAxis> m = new LinkedHashMap<>();
    for (Converters.MatrixEntry e : matrix) {
      if (m.put(e.name(), e.axis()) != null) {
        throw new IllegalArgumentException("--matrix " + e.name() + " is given twice");
      }
    }
    return m;
  }
}
