package dev.regatta.local;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run of the hostile corpus (src/test/resources/hostile/, see {@link HostileCorpus}) applied with kubectl
 * to {@code local --serve}: each is refused at apply naming its field, or ends Failed naming it, none is accepted
 * or Succeeds, local mode survives them all, and a good run applied afterwards Succeeds.
 */
class HostileCorpusTest {
  private static final Duration VERDICT = Duration.ofSeconds(150);
  static final String GOOD_RUN = """
      apiVersion: regatta.dev/v1alpha1
      kind: BenchmarkRun
      metadata:
        name: %s
      spec:
        placements:
          - {name: eu, region: eu-west-1, pods: 1}
        sidecars:
          - {name: redis, image: "redis:7.4", args: ["--save", "", "--appendonly", "no"]}
        startDelay: 1s
        defaults: {warmup: 0s, duration: 1s, load: {model: closed, connections: 2}}
        scenarios:
          - name: get
            redis: {op: get, keySpace: 100, valueSize: 10}
      """;

  @TempDir
  Path tmp;

  /** What became of one case: kubectl's answer, then (if it was created) the run's last status. */
  private record Outcome(LocalServe.Result apply, JsonNode status) {}

  @Test
  void everyHostileRunIsRefusedNamingItsFieldAndAGoodRunSucceedsAfterwards() throws Exception {
    List<HostileCorpus.Case> cases = HostileCorpus.load();
    assertTrue(cases.size() >= 60, "the corpus has " + cases.size() + " runs");
    long t0 = System.nanoTime();
    try (LocalServe local = LocalServe.start(tmp)) {
      long t1 = System.nanoTime();
      Map<HostileCorpus.Case, LocalServe.Result> applied = applyAll(local, cases);
      long t2 = System.nanoTime();
      Map<HostileCorpus.Case, Outcome> outcomes = awaitVerdicts(local, applied);
      long t3 = System.nanoTime();

      List<String> problems = new ArrayList<>();
      int untried = 0;
      for (Map.Entry<HostileCorpus.Case, Outcome> e : outcomes.entrySet()) {
        if (!local.isAlive() && unreachable(e.getValue().apply())) {
          untried++;
          continue;
        }
        String problem = judge(e.getKey(), e.getValue());
        if (problem != null) {
          problems.add(e.getKey().label() + ": " + problem);
        }
      }
      cases.forEach(c -> c.setupNames().forEach(local::deleteRun));
      if (!local.isAlive()) {
        fail("local mode did not survive the corpus (" + untried + " runs could not be applied after it stopped):\n"
            + fatal(local.log()) + "\n" + String.join("\n", problems));
      }
      Files.writeString(tmp.resolve("good.yaml"), GOOD_RUN.formatted("good-after-corpus"));
      LocalServe.Result good = local.kubectl("apply", "-f", tmp.resolve("good.yaml").toString());
      assertTrue(good.code() == 0, good.out());
      local.awaitSucceeded("good-after-corpus", Duration.ofMinutes(4));
      long refusedAtApply = applied.values().stream().filter(r -> r.code() != 0).count();
      System.out.printf("hostile corpus: %d runs, %d refused at apply, %d taken by the API and judged by the operator, "
          + "%d problems; local mode started in %.1fs, applies %.1fs, verdicts %.1fs, good run %.1fs; local mode used "
          + "%.1fs of CPU%n", cases.size(), refusedAtApply, cases.size() - refusedAtApply, problems.size(),
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (System.nanoTime() - t3) / 1e9, local.cpu().toMillis() / 1000.0);
      if (!problems.isEmpty()) {
        fail(problems.size() + " of " + cases.size() + " hostile runs were not refused as they should be:\n"
            + String.join("\n", problems));
      }
    }
  }

  /** kubectl apply of every case, a few at a time (kubectl's start-up dominates; the API serialises the writes). */
  private Map<HostileCorpus.Case, LocalServe.Result> applyAll(LocalServe local, List<HostileCorpus.Case> cases)
      throws Exception {
    // warm kubectl's discovery cache once, so the parallel applies do not all fetch it
    local.kubectl("api-resources", "--api-group=regatta.dev");
    Map<HostileCorpus.Case, Future<LocalServe.Result>> futures = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (HostileCorpus.Case c : cases) {
        Path file = tmp.resolve(c.file());
        Files.writeString(file, c.yaml());
        futures.put(c, pool.submit(() -> {
          if (!c.setupNames().isEmpty()) {
            setUp(local, c);
          }
          return local.kubectl("apply", "-f", file.toString());
        }));
      }
      Map<HostileCorpus.Case, LocalServe.Result> out = new LinkedHashMap<>();
      for (Map.Entry<HostileCorpus.Case, Future<LocalServe.Result>> e : futures.entrySet()) {
        out.put(e.getKey(), e.getValue().get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Applies a case's set-up runs and waits until the operator has made their objects (or failed them). */
  private void setUp(LocalServe local, HostileCorpus.Case c) throws Exception {
    Path setup = tmp.resolve("setup-" + c.file());
    Files.writeString(setup, c.setup());
    LocalServe.Result r = local.kubectl("apply", "-f", setup.toString());
    assertTrue(r.code() == 0, c.file() + ": its set-up was refused: " + r.out());
    for (String name : c.setupNames()) {
      await(c.file() + ": set-up run " + name + " reconciled").atMost(Duration.ofSeconds(90))
          .ignoreExceptionsInstanceOf(RuntimeException.class).until(() -> {
        JsonNode run = local.run(name);
        String phase = run == null ? "" : run.at("/status/phase").asText("");
        return !phase.isEmpty() && !phase.equals("Pending");
      });
    }
  }

  /**
   * For the runs the API took, the operator's verdict: Failed, or accepted (a phase past Pending). An accepted
   * hostile run is deleted at once, so that it does not run.
   */
  private Map<HostileCorpus.Case, Outcome> awaitVerdicts(LocalServe local,
      Map<HostileCorpus.Case, LocalServe.Result> applied) throws InterruptedException {
    Map<HostileCorpus.Case, Outcome> outcomes = new LinkedHashMap<>();
    List<HostileCorpus.Case> waiting = new ArrayList<>();
    applied.forEach((c, r) -> {
      if (r.code() == 0) {
        waiting.add(c);
      } else {
        outcomes.put(c, new Outcome(r, null));
      }
    });
    long deadline = System.nanoTime() + VERDICT.toNanos();
    while (!waiting.isEmpty() && System.nanoTime() < deadline && local.isAlive()) {
      Map<String, JsonNode> runs = local.runs();
      for (HostileCorpus.Case c : List.copyOf(waiting)) {
        JsonNode run = runs.get(c.name());
        JsonNode status = run == null ? null : run.path("status");
        if (status != null && decided(status)) {
          outcomes.put(c, new Outcome(applied.get(c), status));
          waiting.remove(c);
          if (!"Failed".equals(status.path("phase").asText())) {
            local.deleteRun(c.name());
          }
        }
      }
      Thread.sleep(200);
    }
    for (HostileCorpus.Case c : waiting) {
      JsonNode run = local.run(c.name());
      outcomes.put(c, new Outcome(applied.get(c), run == null ? null : run.path("status")));
      local.deleteRun(c.name());
    }
    Map<HostileCorpus.Case, Outcome> ordered = new LinkedHashMap<>();
    applied.keySet().forEach(c -> ordered.put(c, outcomes.get(c)));
    return ordered;
  }

  /** kubectl could not reach the API (local mode had stopped), as opposed to the API refusing the run. */
  private static boolean unreachable(LocalServe.Result apply) {
    return apply.code() != 0 && (apply.out().contains("connection refused") || apply.out().contains(": EOF"));
  }

  /** The lines of local mode's log that say why it stopped, else its tail. */
  private static String fatal(String log) {
    List<String> lines = log.lines().filter(l -> l.contains("Fatal") || l.contains("Caused by") || l.contains("ERROR"))
        .limit(12).toList();
    return lines.isEmpty() ? log : String.join("\n", lines);
  }

  /**
   * The operator has decided when the run failed, or got past Pending (its objects made: Starting): some refusals
   * (a Job name another run holds) come after the spec was accepted.
   */
  private static boolean decided(JsonNode status) {
    String phase = status.path("phase").asText("");
    return !phase.isEmpty() && !phase.equals("Pending");
  }

  /** Null when the case was refused where and as it should be; otherwise what went wrong. */
  static String judge(HostileCorpus.Case c, Outcome o) {
    LocalServe.Result apply = o.apply();
    if (apply.code() != 0) {
      if (c.at() == HostileCorpus.Where.OPERATOR) {
        return "expected the operator to refuse it, but kubectl apply was refused: " + shorten(apply.out());
      }
      return HostileCorpus.names(apply.out(), c.expect()) ? null
          : "refused at apply without naming " + c.expect() + ": " + shorten(apply.out());
    }
    if (c.at() == HostileCorpus.Where.APPLY) {
      String after = o.status() == null ? "no status" : "then " + describe(o.status());
      return "accepted at apply (should be refused naming " + c.expect() + "), " + after;
    }
    if (o.status() == null || o.status().path("phase").asText("").isEmpty()) {
      return "accepted at apply and the operator gave no verdict within " + VERDICT.toSeconds() + "s";
    }
    String phase = o.status().path("phase").asText();
    if (!phase.equals("Failed")) {
      return "the operator accepted it: " + describe(o.status());
    }
    String message = o.status().path("message").asText("") + " " + conditionMessages(o.status());
    return HostileCorpus.names(message, c.expect()) ? null
        : "Failed without naming " + c.expect() + ": " + shorten(message);
  }

  private static String conditionMessages(JsonNode status) {
    StringBuilder b = new StringBuilder();
    status.path("conditions").forEach(c -> b.append(c.path("type").asText()).append('=')
        .append(c.path("status").asText()).append('/').append(c.path("reason").asText()).append(": ")
        .append(c.path("message").asText()).append("; "));
    return b.toString();
  }

  private static String describe(JsonNode status) {
    return "phase " + status.path("phase").asText("(none)") + ", " + shorten(conditionMessages(status));
  }

  static String shorten(String s) {
    String one = s.strip().replace('\n', ' ');
    return one.length() > 400 ? one.substring(0, 400) + "..." : one;
  }
}
