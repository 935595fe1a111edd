package dev.regatta.local;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Local mode's end of a run as its user sees it: waiting for the runs to end, then their phase and table. */
public final class LocalRunOutcomes {
  private LocalRunOutcomes() {}

  /** How long `regatta local` waits without --timeout: the longest run timeout, and two minutes to collect. */
  static Duration defaultWait(List<BenchmarkRun> runs) {
    Duration longest = Duration.ZERO;
    for (BenchmarkRun r : runs) {
      Duration d = Durations.parse(r.getSpec().getTimeout(), Duration.ofMinutes(30)).plus(Duration.ofMinutes(2));
      longest = d.compareTo(longest) > 0 ? d : longest;
    }
    return longest;
  }

  /** Waits until every run is Succeeded or Failed (or the deadline), printing phase changes; returns the ended runs. */
  public static Map<String, BenchmarkRun> await(KubernetesClient client, List<BenchmarkRun> runs, Instant deadline,
      PrintStream out) throws InterruptedException {
    Instant t0 = Instant.now();
    Map<String, Phase> last = new LinkedHashMap<>();
    Map<String, BenchmarkRun> done = new LinkedHashMap<>();
    while (done.size() < runs.size()) {
      if (Instant.now().isAfter(deadline)) {
        out.println("gave up waiting after " + Duration.between(t0, Instant.now()).toSeconds() + "s");
        break;
      }
      for (BenchmarkRun r : runs) {
        String name = r.getMetadata().getName();
        if (done.containsKey(name)) {
          continue;
        }
        BenchmarkRun cur = client.resources(BenchmarkRun.class).inNamespace(r.getMetadata().getNamespace()).withName(name).get();
        Phase p = cur == null || cur.getStatus() == null ? null : cur.getStatus().getPhase();
        if (p != null && p != last.get(name)) {
          last.put(name, p);
          out.printf("%s: %s%s  (%.1fs)%n", name, p, cur.getStatus().getPodSummary() == null ? ""
              : ", pods " + cur.getStatus().getPodSummary(), Duration.between(t0, Instant.now()).toMillis() / 1000.0);
          out.flush();
        }
        if (p != null && p.isFinished()) {
          done.put(name, cur);
        }
      }
      Thread.sleep(250);
    }
    return done;
  }

  /** Prints each run's phase and table; true iff every run Succeeded. */
  public static boolean report(List<BenchmarkRun> runs, Map<String, BenchmarkRun> done, PrintStream out) {
    boolean allOk = true;
    for (BenchmarkRun r : runs) {
      String name = r.getMetadata().getName();
      BenchmarkRun cur = done.get(name);
      out.println();
      if (cur == null) {
        out.println("== " + name + ": did not finish");
        allOk = false;
        continue;
      }
      out.println("== " + name + ": " + cur.getStatus().getPhase());
      out.print(ResultTable.render(cur));
      if (cur.getStatus().getPhase() != Phase.Succeeded) {
        allOk = false;
        out.println("FAILED: " + failure(cur));
      }
    }
    out.flush();
    return allOk;
  }

  /** The failing condition's message, else the status message. */
  static String failure(BenchmarkRun run) {
    if (run.getStatus().getConditions() != null) {
      for (Condition c : run.getStatus().getConditions()) {
        if (("Failed".equals(c.getType()) && "True".equals(c.getStatus()))
            || ("Succeeded".equals(c.getType()) && "False".equals(c.getStatus()))) {
          return c.getMessage() == null ? c.getReason() : c.getMessage();
        }
      }
    }
    return run.getStatus().getMessage() == null ? "(no message)" : run.getStatus().getMessage();
  }
}
