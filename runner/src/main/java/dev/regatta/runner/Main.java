package dev.regatta.runner;

import dev.regatta.runner.cli.ConfigException;
import dev.regatta.runner.cli.GrpcCommand;
import dev.regatta.runner.cli.HttpCommand;
import dev.regatta.runner.cli.KafkaCommand;
import dev.regatta.runner.cli.PodCommand;
import dev.regatta.runner.cli.RedisCommand;
import dev.regatta.runner.cli.RunCommand;
import dev.regatta.runner.cli.S3Command;
import dev.regatta.runner.cli.StreamCommand;
import dev.regatta.runner.workload.TargetUnreachableException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** regatta-runner: one workload from flags, a whole run file, or pod mode under the operator. */
@Command(name = "regatta-runner", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Load generator with honest latency (HdrHistogram, no coordinated omission) for Redis, HTTP, gRPC, "
        + "S3, Kafka and stream pipelines; also the runner inside Regatta's benchmark pods.",
    subcommands = {
        RedisCommand.class,
        HttpCommand.class,
        S3Command.class,
        KafkaCommand.class,
        StreamCommand.class,
        GrpcCommand.class,
        RunCommand.class,
        PodCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Main implements Callable<Integer> {
  public static final String VERSION = "0.1.0-SNAPSHOT";

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return CommandLine.ExitCode.USAGE;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setExecutionExceptionHandler(Main::handle);
    cmd.setParameterExceptionHandler(Main::usageError);
    exitCodes(cmd);
    return cmd;
  }

  /** What each exit code means, in every command's --help (pod mode's differ: the operator judges its result). */
  private static void exitCodes(CommandLine cmd) {
    if (cmd.getCommand() instanceof CommandLine.HelpCommand) {
      return;
    }
    Map<String, String> codes = new LinkedHashMap<>();
    if (cmd.getCommand() instanceof PodCommand) {
      codes.put("0", "result published (state=done); a point without a successful operation is judged by the "
          + "operator, which fails the run with NoSuccessfulRequests");
      codes.put("1", "failed, retryable: a target unreachable, a crash (state=failed; the Job retries the pod)");
      codes.put("2", "bad run file or identity: retrying cannot help (the Job's podFailurePolicy fails it at once)");
    } else {
      codes.put("0", "done: every scenario point had successful operations (its errors, if any, are in the summary)");
      codes.put("1", "failed: a target could not be reached, the run broke off, or in some scenario point no operation "
          + "succeeded (every request failed)");
      codes.put("2", "configuration: a bad flag, value or run file");
    }
    cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    cmd.getSubcommands().values().forEach(Main::exitCodes);
  }

  /** One clear line instead of a stack trace (REGATTA_DEBUG=1 shows the trace too). */
  static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (System.getenv("REGATTA_DEBUG") != null) {
      e.printStackTrace(err);
    }
    if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
      err.println("regatta: " + e.getMessage());
      err.flush();
      return CommandLine.ExitCode.USAGE;
    }
    if (e instanceof TargetUnreachableException) {
      err.println("regatta: " + e.getMessage());
    } else {
      err.println("regatta: " + oneLine(e));
    }
    err.flush();
    return 1;
  }

  /** A bad flag: the error, picocli's suggestion if any, and always the usage; exit 2. */
  static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("regatta: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    cmd.usage(err, cmd.getColorScheme());
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /** The exception's own message when it has one, else its type, with the root cause. */
  public static String oneLine(Throwable e) {
    if (e instanceof TargetUnreachableException) {
      return e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
      msg += ": " + root.getMessage();
    }
    return msg.replace('\n', ' ');
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"regatta-runner " + VERSION};
    }
  }
}
