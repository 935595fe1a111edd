package dev.regatta.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.units.Sizes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioPlanTest {

  private static BenchmarkRunSpec spec(String specYaml) {
    String run = "apiVersion: regatta.dev/v1alpha1\nkind: BenchmarkRun\nmetadata: {name: t}\nspec:\n"
        + specYaml.indent(2);
    return RunFiles.parse(run, "test").get(0).getSpec();
  }

  @Test
  void scenariosInheritDefaultsAndOverrideThem() {
    BenchmarkRunSpec spec = spec("""
        placements: [{name: a, pods: 1}]
        defaults: {duration: 20s, warmup: 2s, repeats: 3, load: {connections: 16}}
        scenarios:
          - name: inherits
            redis: {op: get}
          - name: overrides
            iterations: 5000
            warmup: 0s
            repeats: 1
            load: {model: open, rate: 200, connections: 4}
            redis: {op: set}
        """);
    List<ScenarioPlan> plans = ScenarioPlan.of(spec);
    assertEquals(2, plans.size());
    ScenarioPlan a = plans.get(0);
    assertEquals(Duration.ofSeconds(20), a.duration());
    assertNull(a.iterations());
    assertEquals(Duration.ofSeconds(2), a.warmup());
    assertEquals(3, a.repeats());
    assertEquals(16, a.load().getConnections());
    assertEquals(Load.Model.CLOSED, a.load().effectiveModel());
    ScenarioPlan b = plans.get(1);
    assertNull(b.duration(), "iterations replace the inherited duration");
    assertEquals(5000L, b.iterations());
    assertEquals(Duration.ZERO, b.warmup());
    assertEquals(1, b.repeats());
    assertEquals(Load.Model.OPEN, b.load().getModel());
    assertEquals(200.0, b.load().getRate());
    assertEquals(RedisWorkload.Op.SET, ((RedisWorkload) b.workload()).getOp());
  }

  @Test
  void withoutDefaultsTenSecondsTenConnectionsOneRepeat() {
    ScenarioPlan p = ScenarioPlan.of(spec("""
        placements: [{name: a, pods: 1}]
        scenarios: [{name: s, http: {url: 'http://web/'}}]
        """)).get(0);
    assertEquals(Duration.ofSeconds(10), p.duration());
    assertEquals(Duration.ZERO, p.warmup());
    assertEquals(1, p.repeats());
    assertEquals(10, p.load().getConnections());
    assertEquals(WorkloadKind.HTTP, p.kind());
    assertEquals("s", p.label());
  }

  @Test
  void matrixParametersAreWrittenIntoTheWorkloadAndTheLoad() {
    BenchmarkRunSpec spec = spec("""
        placements: [{name: a, pods: 1}]
        defaults: {load: {connections: 2}}
        scenarios:
          - name: get
            s3: {bucket: b, key: blob, client: apache}
            matrix:
              client: {values: [netty, crt]}
              connections: {values: [1, 8]}
              bufferSize: {powersOfTwo: {from: 12, to: 13}}
        """);
    List<ScenarioPlan> plans = ScenarioPlan.of(spec);
    assertEquals(8, plans.size());
    ScenarioPlan last = plans.get(7);
    assertEquals(Map.of("client", "crt", "connections", "8", "bufferSize", "8192"), last.params());
    S3Workload s3 = (S3Workload) last.workload();
    assertEquals(S3Workload.Client.CRT, s3.getClient());
    assertEquals(8192, Sizes.parse(s3.getBufferSize(), 0));
    assertEquals("b", s3.getBucket(), "fields the matrix does not name stay as written");
    assertEquals(8, last.load().getConnections());
    assertEquals(1, plans.get(0).load().getConnections());
    assertEquals("get {client=crt, connections=8, bufferSize=8192}", last.label());
    // The scenario's own objects are not modified by planning.
    assertEquals(S3Workload.Client.APACHE, spec.getScenarios().get(0).getS3().getClient());
  }

  @Test
  void rateSweepOnTheOpenModel() {
    List<ScenarioPlan> plans = ScenarioPlan.of(spec("""
        placements: [{name: a, pods: 1}]
        scenarios:
          - name: ramp
            load: {model: open, rate: 10}
            http: {url: 'http://web/', bodySize: 1Ki, method: POST}
            matrix: {rate: {values: [100, '0.5']}, bodySize: {values: [64Ki]}}
        """));
    assertEquals(List.of(100.0, 0.5), plans.stream().map(p -> p.load().getRate()).toList());
    assertEquals(65536, Sizes.parse(((HttpWorkload) plans.get(1).workload()).getBodySize(), 0));
  }

  @Test
  void unknownParameterIsRejectedNamingWhatCanBeSwept() {
    BenchmarkRunSpec spec = spec("""
        placements: [{name: a, pods: 1}]
        scenarios: [{name: s, redis: {}, matrix: {chunkSize: {values: [1]}}}]
        """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioPlan.of(spec));
    assertTrue(e.getMessage().contains("matrix parameter 'chunkSize' is not a field of the redis workload"), e.getMessage());
    assertTrue(e.getMessage().contains("bufferSize"), "lists what can be swept: " + e.getMessage());
    assertTrue(ScenarioPlan.settableParameters(WorkloadKind.REDIS).containsAll(List.of("valueSize", "connections", "rate")));
  }

  @Test
  void aScenarioWithoutOneWorkloadCannotBePlanned() {
    BenchmarkRunSpec spec = spec("""
        placements: [{name: a, pods: 1}]
        scenarios: [{name: s, redis: {}, http: {url: 'http://x/'}}]
        """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioPlan.of(spec));
    assertTrue(e.getMessage().contains("needs exactly one workload"), e.getMessage());
  }
}
