package dev.regatta.cli;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.units.Humanize;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code regatta wait RUN} ({@code kubectl regatta wait RUN}): waits until a run ends, prints its verdict, and
 * exits with a code a CI script can act on. Reads the run through the kube client (a watch, not polling) from
 * the current kubeconfig context, as kubectl does.
 */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = {"Waits until a BenchmarkRun ends and exits with its verdict, for CI scripts.",
        "Exit codes: " + WaitCommand.PASSED + " succeeded (every threshold held, or none), "
            + WaitCommand.THRESHOLDS_FAILED + " a threshold failed (the run measured and missed, or was aborted "
            + "on a live breach: abortOnFail), 2 bad usage, "
            + WaitCommand.ERROR + " no verdict: the run failed for another cause, does not exist or was deleted, "
            + "the API could not be read, or --timeout passed."})
public class WaitCommand implements Callable<Integer> {
  public static final int PASSED = 0;
  public static final int THRESHOLDS_FAILED = 1;
  public static final int ERROR = 3;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "BenchmarkRun name.")
  String run;

  @CommandLine.Mixin
  ClusterOptions cluster = new ClusterOptions();

  @Option(names = "--timeout", defaultValue = "1h", description = "How long to wait, Go-style (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration limit = ClusterOptions.timeout(spec, timeout);
    try (KubernetesClient client = cluster.client()) {
      String ns = cluster.namespace(client);
      var resource = client.resources(BenchmarkRun.class).inNamespace(ns).withName(run);
      if (resource.get() == null) {
        err.println("wait: no BenchmarkRun " + Humanize.quote(run) + " in namespace " + ns);
        return ERROR;
      }
      BenchmarkRun ended;
      try {
        ended = resource.waitUntilCondition(r -> r == null || finished(r), limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (KubernetesClientTimeoutException e) {
        BenchmarkRun now = resource.get();
        err.println("wait: " + ns + "/" + run + " did not end within " + timeout + " (phase "
            + (now == null || now.getStatus() == null ? "none" : now.getStatus().getPhase()) + ")");
        return ERROR;
      }
      if (ended == null) {
        err.println("wait: " + ns + "/" + run + " was deleted before it ended");
        return ERROR;
      }
      return verdict(ns, ended, out, err);
    } catch (RuntimeException | java.io.IOException e) {
      err.println("wait: " + e.getMessage());
      return ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static boolean finished(BenchmarkRun r) {
    return r.getStatus() != null && r.getStatus().getPhase() != null && r.getStatus().getPhase().isFinished();
  }

  /** Prints the outcome (each criterion on a line) and gives the exit code. */
  static int verdict(String ns, BenchmarkRun r, PrintWriter out, PrintWriter err) {
    BenchmarkRunStatus s = r.getStatus();
    Condition completed = s.condition("Completed");
    Condition held = s.condition("ThresholdsPassed");
    // missed the bar: judged and failed (ThresholdsFailed), or aborted on a live breach (abortOnFail), which
    // sets ThresholdsPassed=False too
    boolean thresholdsFailed = s.getPhase() == Phase.Failed && ((completed != null
        && "ThresholdsFailed".equals(completed.getReason())) || (held != null && "False".equals(held.getStatus())));
    out.println(ns + "/" + r.getMetadata().getName() + ": " + s.getPhase()
        + (completed != null && s.getPhase() == Phase.Failed ? " (" + completed.getReason() + ")" : "")
        + (s.getVerdict() != null ? ", thresholds " + s.getVerdict() : ""));
    if (s.getThresholds() != null) {
      for (ThresholdResult t : s.getThresholds()) {
        out.println("  " + (Boolean.TRUE.equals(t.getPassed()) ? "ok   " : t.getPassed() == null ? "--   " : "FAIL ")
            + t.describe());
      }
    }
    if (s.getPhase() == Phase.Succeeded) {
      return PASSED;
    }
    if (thresholdsFailed) {
      return THRESHOLDS_FAILED;
    }
    err.println("wait: the run failed: " + s.getMessage());
    return ERROR;
  }

}
