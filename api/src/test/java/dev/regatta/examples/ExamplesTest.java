package dev.regatta.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.crd.CrdSchema;
import dev.regatta.crd.RepoPaths;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.validation.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example loads into the Java types, passes the operator's validation and the committed CRD's schema and CEL rules. */
class ExamplesTest {
  private static final CrdSchema SCHEMA = CrdSchema.of(RepoPaths.deployedCrd());

  static Stream<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.examples())) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(list.isEmpty(), "no examples in " + RepoPaths.examples());
      return list.stream();
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(Files.readString(file))) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static BenchmarkRun only(String file) {
    List<BenchmarkRun> runs = RunFiles.read(RepoPaths.examples().resolve(file));
    assertEquals(1, runs.size(), file);
    return runs.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void passesTheOperatorValidation(Path file) {
    List<BenchmarkRun> runs = RunFiles.read(file);
    assertFalse(runs.isEmpty(), file + " holds no BenchmarkRun");
    for (BenchmarkRun run : runs) {
      assertEquals(List.of(), SpecValidator.validate(run), file.getFileName() + " / " + run.getMetadata().getName());
      assertFalse(ScenarioPlan.of(run.getSpec()).isEmpty());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void passesTheCrdSchemaAndCelRules(Path file) throws IOException {
    for (JsonNode doc : documents(file)) {
      if (BenchmarkRun.KIND.equals(doc.path("kind").asText())) {
        assertEquals(BenchmarkRun.API_VERSION, doc.path("apiVersion").asText());
        assertEquals(List.of(), SCHEMA.validateCreate(doc), file.getFileName() + " / " + doc.at("/metadata/name"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void otherDocumentsAreSecretsWithPlaceholdersOnly(Path file) throws IOException {
    for (JsonNode doc : documents(file)) {
      String kind = doc.path("kind").asText();
      if (BenchmarkRun.KIND.equals(kind)) {
        continue;
      }
      assertEquals("Secret", kind, file + ": only Secrets go beside runs in an example");
      doc.path("stringData").forEach(v -> assertEquals("replace-me", v.asText(), file + ": a real credential?"));
      assertTrue(doc.path("data").isMissingNode(), file + ": use stringData placeholders");
    }
  }

  @Test
  void everyDesignBenchmarkHasItsExample() {
    for (String name : List.of("quickstart", "transport-read-size-sweep", "stream-scaling", "inference-server-load",
        "serving-microbenchmark", "io-client-comparison")) {
      assertTrue(Files.isRegularFile(RepoPaths.examples().resolve(name + ".yaml")), name + ".yaml");
    }
  }

  @Test
  void quickstartIsSmallSelfContainedAndSpreadOverTwoRegions() {
    BenchmarkRun run = only("quickstart.yaml");
    assertEquals("quickstart", run.getMetadata().getName());
    assertTrue(run.getSpec().totalPods() >= 3, "at least 3 pods");
    Set<String> regions = run.getSpec().getPlacements().stream().map(Placement::getRegion).collect(Collectors.toSet());
    assertTrue(regions.size() >= 2, "at least 2 regions: " + regions);
    assertEquals("redis", run.getSpec().getSidecars().get(0).getName());
    assertTrue(run.getSpec().getSidecars().get(0).getPreload().getGenerate() != null,
        "self-contained: the preload is generated, not fetched");
    Duration total = ScenarioPlan.of(run.getSpec()).stream()
        .map(p -> p.warmup().plus(p.duration()).multipliedBy(p.repeats()))
        .reduce(Duration.ZERO, Duration::plus);
    assertTrue(total.compareTo(Duration.ofSeconds(10)) >= 0 && total.compareTo(Duration.ofSeconds(20)) <= 0,
        "10-20 s of load in all, got " + total);
    for (Scenario s : run.getSpec().getScenarios()) {
      assertEquals(WorkloadKind.REDIS, s.workloadKind(), "quickstart talks only to its sidecar");
      assertEquals("redis://127.0.0.1:6379", s.getRedis().getUrl());
    }
  }

  @Test
  void transportSweepReadsOneBlobOverFourTransportsFromTenPodsInOneRegion() {
    BenchmarkRun run = only("transport-read-size-sweep.yaml");
    assertEquals(10, run.getSpec().totalPods());
    assertEquals(1, run.getSpec().getPlacements().size());
    assertTrue(run.getSpec().getPlacements().get(0).getRegion() != null);
    assertTrue(run.getSpec().getSidecars().get(0).getPreload().getS3() != null, "the sidecar is preloaded from S3");
    List<ScenarioPlan> plans = ScenarioPlan.of(run.getSpec());
    assertEquals(4 * 11, plans.size());
    Set<String> sizes = plans.stream().map(p -> p.params().get("bufferSize")).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(sizes.contains("4096") && sizes.contains("4194304") && sizes.size() == 11, sizes.toString());
    assertEquals(RedisWorkload.Op.BLOB_READ, run.getSpec().getScenarios().get(0).getRedis().getOp());
    assertTrue(run.getSpec().getScenarios().get(2).getHttp().getUrl().startsWith("https://"));
    assertEquals(WorkloadKind.S3, run.getSpec().getScenarios().get(3).workloadKind());
  }

  @Test
  void ioClientComparisonCoversEveryClientAtThreeReplicaCountsInOneRun() {
    BenchmarkRun run = only("io-client-comparison.yaml");
    assertEquals(4, run.getSpec().totalPods(), "the fleet holds the largest replica count");
    List<ScenarioPlan> plans = ScenarioPlan.of(run.getSpec());
    assertEquals(Set.of(S3Workload.Client.values()), plans.stream().map(p -> ((S3Workload) p.workload()).getClient())
        .collect(Collectors.toSet()));
    // a row per test x client x replica count, in one run: the pods axis sets how many pods drive load
    assertEquals(2 * 4 * 3, plans.size());
    assertEquals(Set.of(1, 2, 4), plans.stream().map(ScenarioPlan::activePods).collect(Collectors.toSet()));
  }

  @Test
  void servingMicrobenchmarkComparesOneAndEightClientsWithRepeats() {
    List<ScenarioPlan> plans = ScenarioPlan.of(only("serving-microbenchmark.yaml").getSpec());
    assertEquals(Set.of(1, 8), plans.stream().map(p -> p.load().getConnections()).collect(Collectors.toSet()));
    assertTrue(plans.stream().allMatch(p -> p.repeats() >= 3), "mean +/- stddev needs repeats");
  }

  @Test
  void streamScalingSweepsModesBrokersAndSizes() {
    List<ScenarioPlan> plans = ScenarioPlan.of(only("stream-scaling.yaml").getSpec());
    // the original's sweep: 2 brokers x 2 modes x 100 KB / 1 MB / 10 MB, 16 tasks of 1 s, paced as its generator
    assertEquals(2 * 2 * 3, plans.size());
    assertEquals(Set.of("default", "proxy"), plans.stream().map(p -> p.params().get("mode")).collect(Collectors.toSet()));
    assertEquals(Set.of("100k", "1M", "10M"), plans.stream().map(p -> p.params().get("dataSize"))
        .collect(Collectors.toSet()));
    for (ScenarioPlan p : plans) {
      StreamWorkload w = (StreamWorkload) p.workload();
      assertEquals(16, w.getTasks());
      assertEquals("1s", w.getTaskSleep());
      assertEquals(StreamWorkload.Pacing.INTERVAL, w.getPacing());
    }
  }
}
