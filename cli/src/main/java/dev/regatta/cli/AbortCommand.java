package dev.regatta.cli;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Humanize;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code regatta abort RUN [--reason TEXT]} ({@code kubectl regatta abort RUN}): asks the operator to stop a run by
 * setting the {@value Protocol#ABORT_ANNOTATION} annotation; the operator suspends its runners, merges what arrived
 * and ends it Failed with reason Aborted. A run that has ended is left unchanged. The annotation is written with
 * the run's resourceVersion, so a run that ends meanwhile is read again rather than annotated after the fact.
 */
@Command(name = "abort", mixinStandardHelpOptions = true,
    description = {"Aborts a BenchmarkRun: its runners stop, what they had sent is merged (partial), and it ends "
        + "Failed with reason Aborted.",
        "Exit codes: " + AbortCommand.REQUESTED + " abort requested, " + AbortCommand.ENDED + " the run has already "
            + "ended (nothing changed), 2 bad usage, " + AbortCommand.ERROR + " no such run or the API could not be "
            + "read or written."})
public class AbortCommand implements Callable<Integer> {
  public static final int REQUESTED = 0;
  public static final int ENDED = 1;
  public static final int ERROR = 3;
  /** Longer reasons are a paste accident; the operator quotes at most 256 characters of it. */
  public static final int MAX_REASON = 1024;
  private static final int ATTEMPTS = 5;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "BenchmarkRun name.")
  String run;

  @Option(names = "--reason", description = "Why, as the run's status and Event will say it.")
  String reason = "";

  @CommandLine.Mixin
  ClusterOptions cluster = new ClusterOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (reason.length() > MAX_REASON) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reason: at most " + MAX_REASON
          + " characters, got " + reason.length());
    }
    try (KubernetesClient client = cluster.client()) {
      String ns = cluster.namespace(client);
      var runs = client.resources(BenchmarkRun.class).inNamespace(ns);
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        BenchmarkRun r = runs.withName(run).get();
        if (r == null) {
          err.println("abort: no BenchmarkRun " + Humanize.quote(run) + " in namespace " + ns);
          return ERROR;
        }
        Phase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
        if (phase != null && (phase.isFinished() || phase == Phase.Collecting)) {
          out.println(ns + "/" + run + " has already " + (phase == Phase.Collecting ? "stopped measuring (Collecting)"
              : "ended (" + phase + ")") + ": nothing to abort, nothing changed");
          return ENDED;
        }
        Map<String, String> annotations = r.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
            : new LinkedHashMap<>(r.getMetadata().getAnnotations());
        annotations.put(Protocol.ABORT_ANNOTATION, reason);
        r.getMetadata().setAnnotations(annotations);
        try {
          runs.resource(r).lockResourceVersion(r.getMetadata().getResourceVersion()).update();
        } catch (KubernetesClientException e) {
          if (e.getCode() == 409) {
            continue; // the run changed (a status write): read it again, it may have ended
          }
          throw e;
        }
        out.println(ns + "/" + run + ": abort requested" + (reason.isBlank() ? "" : " (" + reason + ")")
            + "; the operator stops its runners and ends it Failed (Aborted). Follow it: kubectl regatta wait " + run);
        return REQUESTED;
      }
      err.println("abort: " + ns + "/" + run + " kept changing; nothing changed, try again");
      return ERROR;
    } catch (RuntimeException | java.io.IOException e) {
      err.println("abort: " + e.getMessage());
      return ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

}
