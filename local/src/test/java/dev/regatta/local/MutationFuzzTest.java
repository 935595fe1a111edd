package dev.regatta.local;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of the examples (see {@link RunMutator}) sent to {@code local --serve} as kubectl would send
 * them (fieldValidation=Strict). Each must be refused by the API with a Status naming the mutated field (or a
 * field around it), or, if the API takes it, be readable by the operator's Java types and get the operator's
 * verdict: Failed, or accepted when the mutation happens to be valid. Nothing may stop the operator: a good run
 * applied after the batch Succeeds.
 *
 * <p>Seeded: {@code -Dregatta.fuzz.seed=S} replays a batch, {@code -Dregatta.fuzz.count=N} sets its size
 * (default 200). The examples' placements are pinned to a node label no local node has, so a mutated run the
 * operator accepts never starts a runner process; it is deleted once judged.
 */
class MutationFuzzTest {
  private static final String RUNS = "/apis/regatta.dev/v1alpha1/namespaces/default/benchmarkruns";
  private static final Duration VERDICT = Duration.ofSeconds(120);
  private static final Pattern UNKNOWN = Pattern.compile("unknown field \"([^\"]+)\"");

  @TempDir
  Path tmp;

  private record Sent(String name, RunMutator.Mutation mutation, LocalServe.Answer answer) {}

  @Test
  void mutatedExamplesAreRefusedOrJudgedAndNeverStopTheOperator() throws Exception {
    long seed = Long.getLong("regatta.fuzz.seed", System.nanoTime());
    int count = Integer.getInteger("regatta.fuzz.count", 200);
    String replay = " (replay: -Dregatta.fuzz.seed=" + seed + " -Dregatta.fuzz.count=" + count + ")";
    RunMutator mutator = new RunMutator(crd(), seed);
    List<ObjectNode> bases = examples();
    java.util.Random pick = new java.util.Random(seed);
    long t0 = System.nanoTime();
    try (LocalServe local = LocalServe.start(tmp)) {
      long started = System.nanoTime();
      Duration cpuStarted = local.cpu();
      List<String> findings = new ArrayList<>();
      List<Sent> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ObjectNode run = bases.get(pick.nextInt(bases.size())).deepCopy();
        String name = "fz-" + i;
        ((ObjectNode) run.get("metadata")).put("name", name);
        RunMutator.Mutation m = mutator.mutate(run);
        LocalServe.Answer a = local.request("POST", RUNS + "?fieldValidation=Strict&fieldManager=kubectl-client-side-apply",
            run.toString());
        sent.add(new Sent(name, m, a));
        String problem = judgeAnswer(m, a);
        if (problem != null) {
          findings.add("#" + i + " " + m + ": " + problem);
        }
      }
      long sentAll = System.nanoTime();
      Duration cpuSent = local.cpu();
      List<Sent> accepted = sent.stream().filter(s -> s.answer().code() < 300).toList();
      Map<String, String> verdicts = awaitVerdicts(local, accepted);
      long judged = System.nanoTime();
      for (Sent s : accepted) {
        String verdict = verdicts.get(s.name());
        if (verdict.startsWith("no verdict")) {
          findings.add(s.name() + " " + s.mutation() + ": the API took it and the operator gave " + verdict);
        }
        String unreadable = javaTypesRead(s.answer().body());
        if (unreadable != null) {
          findings.add(s.name() + " " + s.mutation() + ": the API took it but the operator's types cannot read it: "
              + unreadable);
        }
      }
      if (!local.isAlive()) {
        fail("local mode did not survive the mutations" + replay + ": " + local.log() + "\n" + String.join("\n", findings));
      }
      Files.writeString(tmp.resolve("good.yaml"), HostileCorpusTest.GOOD_RUN.formatted("good-after-fuzz"));
      LocalServe.Result good = local.kubectl("apply", "-f", tmp.resolve("good.yaml").toString());
      assertTrue(good.code() == 0, good.out());
      local.awaitSucceeded("good-after-fuzz", Duration.ofMinutes(4));

      long refused = sent.stream().filter(s -> s.answer().code() >= 400).count();
      long failed = verdicts.values().stream().filter(v -> v.startsWith("Failed")).count();
      System.out.printf("mutation fuzz: seed %d, %d mutations: %d refused by the API, %d taken of which %d Failed and %d "
          + "accepted by the operator, %d findings; local mode started in %.1fs, sends %.1fs, verdicts %.1fs, good run "
          + "%.1fs; local mode's CPU: %.1fs to start, %.1fs for the sends, %.1fs in all%n", seed, count, refused,
          accepted.size(), failed, accepted.size() - failed, findings.size(), (started - t0) / 1e9,
          (sentAll - started) / 1e9, (judged - sentAll) / 1e9, (System.nanoTime() - judged) / 1e9,
          cpuStarted.toMillis() / 1000.0, cpuSent.minus(cpuStarted).toMillis() / 1000.0, local.cpu().toMillis() / 1000.0);
      if (!findings.isEmpty()) {
        fail(findings.size() + " findings" + replay + ":\n" + String.join("\n", findings));
      }
    }
  }

  /** Null when the API's answer is a proper one for this mutation; otherwise what is wrong with it. */
  static String judgeAnswer(RunMutator.Mutation m, LocalServe.Answer a) {
    if (a.code() < 300 || (a.code() == 413 && a.body() != null
        && "RequestEntityTooLarge".equals(a.body().path("reason").asText()))) {
      return null; // taken (judged later), or a body over the API server's 3 MiB
    }
    if (a.code() != 400 && a.code() != 422) {
      return "answered " + a.code() + ": " + (a.body() == null ? "(no body)" : RunMutator.brief(a.body()));
    }
    if (a.body() == null || !"Status".equals(a.body().path("kind").asText())) {
      return "refused without a Status body";
    }
    List<String> fields = new ArrayList<>();
    a.body().path("details").path("causes").forEach(c -> fields.add(c.path("field").asText()));
    Matcher u = UNKNOWN.matcher(a.body().path("message").asText());
    while (u.find()) {
      fields.add(u.group(1));
    }
    String mutated = normalise(m.path());
    for (String f : fields) {
      String n = normalise(f);
      if (n.equals("<nil>")) {
        continue;
      }
      if (related(n, mutated)) {
        return null;
      }
    }
    return "refused naming " + fields + ", not " + m.path() + " or a field around it: "
        + HostileCorpusTest.shorten(a.body().path("message").asText());
  }

  private static boolean related(String a, String b) {
    return a.equals(b) || b.startsWith(a + ".") || b.startsWith(a + "[") || a.startsWith(b + ".") || a.startsWith(b + "[");
  }

  private static String normalise(String path) {
    return path.replaceAll("\\[([A-Za-z_][^\\]]*)]", ".$1");
  }

  /** Waits for the operator's verdict on every run the API took, deleting each once judged. */
  private static Map<String, String> awaitVerdicts(LocalServe local, List<Sent> accepted) throws InterruptedException {
    Map<String, String> verdicts = new LinkedHashMap<>();
    List<String> waiting = new ArrayList<>(accepted.stream().map(Sent::name).toList());
    long deadline = System.nanoTime() + VERDICT.toNanos();
    while (!waiting.isEmpty() && System.nanoTime() < deadline && local.isAlive()) {
      Map<String, JsonNode> runs = local.runs();
      for (String name : List.copyOf(waiting)) {
        JsonNode run = runs.get(name);
        String phase = run == null ? "" : run.at("/status/phase").asText("");
        // Pending is passing: wait until the operator has failed the run or made its objects, so that deleting it
        // takes them along
        if (!phase.isEmpty() && !phase.equals("Pending")) {
          String reason = "";
          for (JsonNode c : run.at("/status/conditions")) {
            if ("Accepted".equals(c.path("type").asText())) {
              reason = c.path("status").asText() + "/" + c.path("reason").asText();
            }
          }
          verdicts.put(name, phase + " " + reason);
          waiting.remove(name);
          local.deleteRun(name);
        }
      }
      Thread.sleep(200);
    }
    for (String name : waiting) {
      verdicts.put(name, "no verdict within " + VERDICT.toSeconds() + "s");
      local.deleteRun(name);
    }
    return verdicts;
  }

  /** Null when the operator's Java types read the stored run, as its informer must; otherwise the error. */
  static String javaTypesRead(JsonNode stored) {
    try {
      Serialization.unmarshal(stored.toString(), BenchmarkRun.class);
      return null;
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return HostileCorpusTest.shorten(root.getMessage());
    }
  }

  static JsonNode crd() throws Exception {
    try (InputStream in = MutationFuzzTest.class.getClassLoader()
        .getResourceAsStream("META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml")) {
      return RunFiles.yaml().readTree(in);
    }
  }

  /**
   * The examples' BenchmarkRuns, each placement pinned to a node label no local node has and cut to one pod (the
   * mutations may change either): what the operator accepts then costs it a few objects, not runner processes.
   */
  static List<ObjectNode> examples() throws Exception {
    List<ObjectNode> runs = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(Repo.root().resolve("examples"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(Files.readString(f))) {
        while (it.hasNext()) {
          JsonNode d = it.next();
          if (d != null && "BenchmarkRun".equals(d.path("kind").asText())) {
            ObjectNode run = (ObjectNode) d;
            ((ObjectNode) run.get("metadata")).remove("namespace");
            for (JsonNode p : run.at("/spec/placements")) {
              ((ObjectNode) p).putObject("nodeSelector").put("regatta.dev/fuzz", "unschedulable");
              ((ObjectNode) p).put("pods", 1);
            }
            runs.add(run);
          }
        }
      }
    }
    assertTrue(runs.size() >= 8, "examples: " + runs.size());
    return runs;
  }
}
