package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.GrpcWorkload;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.validation.SpecValidator;
import dev.regatta.validation.Violation;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.NoSuccess;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.engine.Engine;
import dev.regatta.runner.record.Summary;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.live.IntervalLog;
import dev.regatta.runner.live.LiveRecording;
import java.io.PrintWriter;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;

/** Turns a workload object and the common flags into plans, runs them, prints the summary, writes --json. */
public final class CliRun {
  /** Exit code when every operation of some point failed: the same code as a target that cannot be reached. */
  public static final int EXIT_NO_SUCCESS = 1;

  private CliRun() {}

  /** The scenario the flags describe (the same shape a run file's scenario has). */
  public static Scenario scenario(WorkloadKind kind, Object workload, CommonOptions o) {
    if (o.duration != null && o.iterations != null) {
      throw new ConfigException("give --duration or --iterations, not both");
    }
    if (o.rate == null && !o.stages.isEmpty() && o.iterations != null) {
      throw new ConfigException("--iterations goes with a constant --rate, not with --stage");
    }
    Scenario s = new Scenario();
    s.setName(o.name != null ? o.name : kind.field());
    switch (kind) {
      case REDIS -> s.setRedis((RedisWorkload) workload);
      case HTTP -> s.setHttp((HttpWorkload) workload);
      case S3 -> s.setS3((S3Workload) workload);
      case KAFKA -> s.setKafka((KafkaWorkload) workload);
      case STREAM -> s.setStream((StreamWorkload) workload);
      case GRPC -> s.setGrpc((GrpcWorkload) workload);
      case EXTERNAL -> s.setExternal((dev.regatta.api.v1alpha1.ExternalWorkload) workload);
    }
    s.setLoad(o.load());
    s.setDuration(o.duration);
    s.setIterations(o.iterations);
    s.setWarmup(o.warmup);
    s.setRepeats(o.repeats);
    s.setMatrix(o.matrix());
    return s;
  }

  public static List<ScenarioPlan> plans(WorkloadKind kind, Object workload, CommonOptions o) {
    Scenario scenario = scenario(kind, workload, o);
    // The flags are held to the same rules as a run file: one line, exit 2, before anything connects.
    List<Violation> violations = SpecValidator.validateCommandLine(scenario);
    if (!violations.isEmpty()) {
      throw new ConfigException(SpecValidator.describe(violations));
    }
    try {
      return ScenarioPlan.of(scenario, new ScenarioDefaults());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  public static int run(WorkloadKind kind, Object workload, CommonOptions o, RunContext ctx, PrintWriter out,
      PrintWriter err) throws Exception {
    return run(plans(kind, workload, o), ctx, o.json(), out, err, o.liveInterval(), o.quiet);
  }

  /** As {@link #run(List, RunContext, Path, PrintWriter, PrintWriter, Duration, boolean)}, at 5 s intervals. */
  public static int run(List<ScenarioPlan> plans, RunContext ctx, Path json, PrintWriter out, PrintWriter err)
      throws Exception {
    return run(plans, ctx, json, out, err, Duration.ofSeconds(5), false);
  }

  /**
   * Runs plans, printing each result as it comes (and, unless {@code quiet}, a progress line every {@code interval}
   * of a window, on stderr); writes the document when json is set. Exit code 0, or
   * {@value #EXIT_NO_SUCCESS} when in some point every operation failed (see {@link NoSuccess}): such a run
   * measured the failure, not the target, and a script must not mistake it for a result. A point in which
   * nothing completed at all is a warning.
   */
  public static int run(List<ScenarioPlan> plans, RunContext ctx, Path json, PrintWriter out, PrintWriter err,
      Duration interval, boolean quiet) throws Exception {
    // the windows are recorded per interval, as in a pod: the document's time series, and the progress line
    try (LiveRecording live = new LiveRecording(interval, new IntervalLog())) {
      if (!quiet) {
        live.onInterval(new ProgressLine(err));
      }
      LiveRecording.install(live);
      return measure(plans, ctx, json, out, err);
    }
  }

  private static int measure(List<ScenarioPlan> plans, RunContext ctx, Path json, PrintWriter out, PrintWriter err)
      throws Exception {
    Engine engine = new Engine(ctx, new Engine.Listener() {
      @Override
      public void measuring(ScenarioPlan plan, int repeat) {
        System.err.println("regatta: " + Summary.describe(plan) + (plan.repeats() > 1
            ? " repeat " + (repeat + 1) + "/" + plan.repeats() : "") + " ...");
      }

      @Override
      public void measured(ScenarioPlan plan, ScenarioResult result, String client) {
        out.print(Summary.format(plan, result, client));
        out.flush();
      }
    });
    List<ScenarioResult> results = engine.run(plans);
    String repeats = Summary.repeatsTable(results);
    if (!repeats.isEmpty()) {
      out.print(repeats);
    }
    if (json != null) {
      ResultJson.write(ResultDocument.standalone(results), json);
      System.err.println("regatta: wrote " + json);
    }
    List<NoSuccess.Point> none = NoSuccess.of(results);
    List<NoSuccess.Point> empty = NoSuccess.empty(none);
    if (!empty.isEmpty()) {
      err.println("regatta: warning: measured nothing in " + NoSuccess.describe(empty)
          + " (a window shorter than one operation: lengthen --duration)");
    }
    List<NoSuccess.Point> failed = NoSuccess.failed(none);
    if (!failed.isEmpty()) {
      err.println("regatta: no operation succeeded in " + NoSuccess.describe(failed)
          + " (errors by type are in the summary above)");
      err.flush();
      return EXIT_NO_SUCCESS;
    }
    err.flush();
    return 0;
  }
}
