package dev.regatta.cli;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.units.Humanize;
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
 * {@code regatta watch RUN} ({@code kubectl regatta watch RUN}): follows a run live from its status (a watch, not
 * polling): a line per change of phase or of {@code status.progress}, the final table when it ends, and then the
 * verdict and exit code of {@code wait}.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Follows a BenchmarkRun live: phase, elapsed/ETA and the fleet's last interval (throughput, MB/s, "
        + "exact p50/p99, errors, dropped) at every progress update, then its results table when it ends.",
        "Exit codes as wait: " + WaitCommand.PASSED + " succeeded, " + WaitCommand.THRESHOLDS_FAILED
            + " a threshold failed, 2 bad usage, " + WaitCommand.ERROR + " no verdict (failed for another cause, "
            + "missing or deleted, API unreadable, --timeout passed)."})
public class WatchCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "BenchmarkRun name.")
  String run;

  @CommandLine.Mixin
  ClusterOptions cluster = new ClusterOptions();

  @Option(names = "--timeout", defaultValue = "24h",
      description = "How long to follow it, Go-style (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration limit = ClusterOptions.timeout(spec, timeout);
    try (KubernetesClient client = cluster.client()) {
      String ns = cluster.namespace(client);
      var resource = client.resources(BenchmarkRun.class).inNamespace(ns).withName(run);
      BenchmarkRun now = resource.get();
      if (now == null) {
        err.println("watch: no BenchmarkRun " + Humanize.quote(run) + " in namespace " + ns);
        return WaitCommand.ERROR;
      }
      out.println("watching " + ns + "/" + run + " (a line per progress update; Ctrl-C stops watching, not the run)");
      // the first line comes from the watch's own first list, so whatever changes after it is seen
      LiveView view = new LiveView(out);
      BenchmarkRun ended;
      try {
        ended = resource.waitUntilCondition(r -> {
          view.show(r);
          return r == null || WaitCommand.finished(r);
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (KubernetesClientTimeoutException e) {
        err.println("watch: " + ns + "/" + run + " did not end within " + timeout);
        return WaitCommand.ERROR;
      }
      if (ended == null) {
        err.println("watch: " + ns + "/" + run + " was deleted before it ended");
        return WaitCommand.ERROR;
      }
      out.print(LiveView.finalTable(ended.getStatus()));
      return WaitCommand.verdict(ns, ended, out, err);
    } catch (RuntimeException | java.io.IOException e) {
      err.println("watch: " + e.getMessage());
      return WaitCommand.ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
