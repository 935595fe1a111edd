package dev.regatta.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.crd.CrdSchema;
import dev.regatta.crd.RepoPaths;
import dev.regatta.validation.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scheduled-run recipe (examples/recipes/nightly-cronjob.yaml) kept honest: the runs its CronJob creates pass the
 * operator's validation and the CRD, compare themselves with the previous run of their own suite, and its Role
 * grants exactly the verbs its script's kubectl commands use.
 */
class RecipesTest {
  private static final Path RECIPE = RepoPaths.examples().resolve("recipes/nightly-cronjob.yaml");
  private static final CrdSchema SCHEMA = CrdSchema.of(RepoPaths.deployedCrd());

  private static List<JsonNode> documents() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(Files.readString(RECIPE))) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static JsonNode only(String kind) throws IOException {
    List<JsonNode> found = documents().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertEquals(1, found.size(), kind + " in " + RECIPE);
    return found.get(0);
  }

  private static String data(String key) throws IOException {
    JsonNode v = only("ConfigMap").path("data").path(key);
    assertTrue(v.isTextual(), "ConfigMap data." + key);
    return v.asText();
  }

  /** The run as the API server creates it: generateName plus five characters. */
  private static BenchmarkRun created(String key) throws IOException {
    List<BenchmarkRun> runs = RunFiles.parse(data(key), key);
    assertEquals(1, runs.size(), key);
    BenchmarkRun run = runs.get(0);
    assertNull(run.getMetadata().getName(), key + ": a scheduled run is named by generateName");
    assertNotNull(run.getMetadata().getGenerateName(), key);
    run.getMetadata().setName(run.getMetadata().getGenerateName() + "x7k2q");
    return run;
  }

  @Test
  void theRunsItCreatesPassTheOperatorsValidationAndTheCrd() throws IOException {
    for (String key : List.of("run.yaml", "seed.yaml")) {
      BenchmarkRun run = created(key);
      assertEquals(List.of(), SpecValidator.validate(run), key);
      JsonNode doc = RunFiles.yaml().readTree(data(key));
      ((ObjectNode) doc.path("metadata")).put("name", run.getMetadata().getName());
      assertEquals(List.of(), SCHEMA.validateCreate(doc), key);
      assertEquals(Map.of("suite", "nightly"), run.getMetadata().getLabels(), key);
    }
  }

  @Test
  void eachNightComparesItselfWithTheLatestEarlierRunOfItsOwnSuite() throws IOException {
    BenchmarkRun run = created("run.yaml");
    assertNotNull(run.getSpec().getBaseline(), "run.yaml has a baseline");
    assertEquals(run.getMetadata().getLabels(), run.getSpec().getBaseline().getSelector(),
        "the baseline selector picks the runs this CronJob creates");
    assertNull(run.getSpec().getBaseline().getRun(), "the latest Succeeded run, never a fixed one");
    List<String> relative = run.getSpec().getThresholds().stream().map(Threshold::getExpr)
        .filter(e -> e.contains("baseline")).toList();
    assertTrue(relative.size() >= 2, "relative criteria: " + relative);

    // the seed is the same run without what needs a baseline, so the first baseline measures the same thing
    BenchmarkRun seed = created("seed.yaml");
    assertNull(seed.getSpec().getBaseline(), "nothing to compare with yet");
    assertEquals(run.getSpec().getThresholds().stream().map(Threshold::getExpr).filter(e -> !e.contains("baseline"))
        .toList(), seed.getSpec().getThresholds().stream().map(Threshold::getExpr).toList());
    JsonNode runSpec = RunFiles.yaml().readTree(data("run.yaml")).path("spec").deepCopy();
    JsonNode seedSpec = RunFiles.yaml().readTree(data("seed.yaml")).path("spec").deepCopy();
    for (JsonNode spec : List.of(runSpec, seedSpec)) {
      ((ObjectNode) spec).remove(List.of("baseline", "thresholds"));
    }
    assertEquals(runSpec, seedSpec, "seed.yaml measures what run.yaml measures");
    assertEquals(RunFiles.yaml().readTree(data("run.yaml")).path("metadata"),
        RunFiles.yaml().readTree(data("seed.yaml")).path("metadata"), "and carries the same labels");
  }

  /** kubectl create → create; kubectl get NAME → get; kubectl get benchmarkruns -l … → list. */
  private static Set<String> verbsOf(String script) {
    Set<String> verbs = new TreeSet<>();
    Matcher m = Pattern.compile("kubectl\\s+(\\S+)\\s+(.*)").matcher(script);
    while (m.find()) {
      String command = m.group(1);
      String rest = m.group(2);
      switch (command) {
        case "create" -> {
          assertTrue(rest.matches("-f /recipe/(run|seed)\\.yaml -o name\\).*"), "creates a recipe run: " + rest);
          verbs.add("create");
        }
        case "get" -> {
          if (rest.startsWith("benchmarkruns ") && rest.contains(" -l ")) {
            verbs.add("list");
          } else {
            assertTrue(rest.startsWith("\"$run\" "), "gets the run it created: " + rest);
            verbs.add("get");
          }
        }
        default -> throw new AssertionError("a kubectl command the Role was not checked against: " + m.group());
      }
    }
    return verbs;
  }

  @Test
  void theRoleGrantsExactlyWhatTheScriptsKubectlCommandsUse() throws IOException {
    String script = data("nightly.sh");
    Set<String> used = verbsOf(script);
    assertEquals(Set.of("create", "get", "list"), used, "the script's verbs");

    JsonNode rules = only("Role").path("rules");
    assertEquals(1, rules.size(), "one rule");
    JsonNode rule = rules.get(0);
    assertEquals(List.of("regatta.dev"), strings(rule.path("apiGroups")));
    assertEquals(List.of("benchmarkruns"), strings(rule.path("resources")), "runs only: no status, no pods");
    assertTrue(rule.path("resourceNames").isMissingNode(), "generated names cannot be listed in advance");
    assertEquals(used, new TreeSet<>(strings(rule.path("verbs"))), "no verb the script does not use");

    JsonNode binding = only("RoleBinding");
    String account = only("ServiceAccount").path("metadata").path("name").asText();
    assertEquals(only("Role").path("metadata").path("name").asText(), binding.at("/roleRef/name").asText());
    assertEquals("Role", binding.at("/roleRef/kind").asText());
    assertEquals(account, binding.at("/subjects/0/name").asText());
    assertEquals("ServiceAccount", binding.at("/subjects/0/kind").asText());

    JsonNode pod = only("CronJob").at("/spec/jobTemplate/spec/template/spec");
    assertEquals(account, pod.path("serviceAccountName").asText(), "the CronJob's pod runs as that account");
    assertEquals("Forbid", only("CronJob").at("/spec/concurrencyPolicy").asText(), "never two nights at once");
    JsonNode container = pod.path("containers").get(0);
    assertEquals(List.of("sh", "/recipe/nightly.sh"), strings(container.path("command")));
    JsonNode mount = container.path("volumeMounts").get(0);
    assertEquals("/recipe", mount.path("mountPath").asText());
    String configMap = pod.path("volumes").get(0).at("/configMap/name").asText();
    assertEquals(mount.path("name").asText(), pod.path("volumes").get(0).path("name").asText());
    assertEquals(only("ConfigMap").path("metadata").path("name").asText(), configMap);
    for (String file : List.of("run.yaml", "seed.yaml")) {
      assertTrue(script.contains("/recipe/" + file), "the script creates " + file);
    }
    assertFalse(script.contains("kubectl delete") || script.contains("kubectl annotate"), "creates and reads only");
  }

  /**
   * The script itself under sh, with a stand-in kubectl that answers as the API would: the first night creates the
   * seed, later nights run.yaml; the exit code is the run's verdict.
   */
  @Test
  void theScriptSeedsTheFirstNightAndExitsWithTheRunsVerdict(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path script = dir.resolve("nightly.sh");
    Files.writeString(script, data("nightly.sh"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(kubectl, """
        #!/bin/sh
        echo "$*" >> "$KUBECTL_LOG"
        case "$1 $2" in
          "create -f") echo "benchmarkrun.regatta.dev/nightly-x7k2q" ;;
          "get benchmarkruns") cat "$SUCCEEDED_RUNS" ;;
          "get benchmarkrun.regatta.dev/nightly-x7k2q")
            case "$*" in *phase*) printf '%s' "$PHASE" ;; *) echo "the run's message" ;; esac ;;
          *) echo "unexpected: $*" >&2; exit 9 ;;
        esac
        """);
    assertTrue(kubectl.toFile().setExecutable(true));
    Path succeeded = dir.resolve("succeeded");
    Path log = dir.resolve("kubectl.log");

    Files.writeString(succeeded, "");
    assertEquals(0, runScript(script, bin, succeeded, log, "Succeeded"), "the seed run Succeeded");
    assertTrue(Files.readString(log).contains("create -f /recipe/seed.yaml -o name"), Files.readString(log));

    Files.writeString(succeeded, "nightly-abcde\n");
    Files.delete(log);
    assertEquals(1, runScript(script, bin, succeeded, log, "Failed"), "a failed night fails the Job");
    assertTrue(Files.readString(log).contains("create -f /recipe/run.yaml -o name"), Files.readString(log));
  }

  private static int runScript(Path script, Path bin, Path succeeded, Path log, String phase) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("KUBECTL_LOG", log.toString());
    pb.environment().put("SUCCEEDED_RUNS", succeeded.toString());
    pb.environment().put("PHASE", phase);
    Process p = pb.start();
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the script ends once the run has ended");
    return p.exitValue();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * The k6 recipe (examples/recipes/k6-own-script.yaml) passes validation and the CRD, hands k6 the results path
   * through {{results}} in the format the runner reads exactly, and runs the script its Dockerfile puts in the image.
   */
  @Test
  void theK6RecipeRunsTheScriptItsImageCarriesAndMergesK6sJsonOutput() throws IOException {
    Path recipe = RepoPaths.examples().resolve("recipes/k6-own-script.yaml");
    BenchmarkRun run = RunFiles.parse(Files.readString(recipe), recipe.toString()).get(0);
    assertEquals(List.of(), SpecValidator.validate(run));
    assertEquals(List.of(), SCHEMA.validateCreate(RunFiles.yaml().readTree(Files.readString(recipe))));
    var external = run.getSpec().getScenarios().get(0).getExternal();
    assertEquals(dev.regatta.api.v1alpha1.ExternalWorkload.Format.K6_JSON, external.getResults().getFormat());
    assertTrue(external.getArgs().contains("json={{results}}"), "k6 writes where the runner reads: " + external.getArgs());
    String script = external.getArgs().get(external.getArgs().size() - 1);
    String dockerfile = Files.readString(RepoPaths.examples().resolve("images/k6.Dockerfile"));
    Matcher copy = Pattern.compile("(?m)^COPY (examples/\\S+) " + Pattern.quote(script) + "$").matcher(dockerfile);
    assertTrue(copy.find(), "the image puts " + script + " where the run names it:\n" + dockerfile);
    String js = Files.readString(RepoPaths.examples().getParent().resolve(copy.group(1)));
    assertTrue(js.contains("REGATTA_WARMUP_SECONDS") && js.contains("REGATTA_DURATION_SECONDS"),
        "the script runs for Regatta's warm-up and window");
    for (String env : List.of("TARGET", "VUS")) {
      assertTrue(js.contains("__ENV." + env) && external.getEnv().containsKey(env), env + " is set by the run and read");
    }
  }
}
