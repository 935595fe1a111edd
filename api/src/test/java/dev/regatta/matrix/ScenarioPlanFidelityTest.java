package dev.regatta.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Headline;
import dev.regatta.api.v1alpha1.HttpWorkload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels, the pods axis, k6's iterations-with-a-duration and the headline each point carries. */
class ScenarioPlanFidelityTest {
  private static BenchmarkRunSpec spec(String specYaml) {
    String run = "apiVersion: regatta.dev/v1alpha1\nkind: BenchmarkRun\nmetadata: {name: t}\nspec:\n"
        + specYaml.indent(2);
    return RunFiles.parse(run, "test").get(0).getSpec();
  }

  @Test
  void labelsFollowTheirValuesAndTheParamsKeepTheRunsOwnValues() {
    List<ScenarioPlan> plans = ScenarioPlan.of(spec("""
        placements: [{name: a, pods: 1}]
        scenarios:
          - name: predict
            http: {url: 'http://x.default.svc/'}
            matrix:
              url:
                values: ['http://serving-a.serving.svc:8000/p', 'http://serving-b.serving.svc:8000/p']
                labels: ['max_batch_size=1, num_replicas=8', 'max_batch_size=8, num_replicas=1']
              connections: {values: [1, 8], labels: [1 clients, 8 clients]}
        """));
    assertEquals(4, plans.size());
    ScenarioPlan last = plans.get(3);
    assertEquals(Map.of("url", "http://serving-b.serving.svc:8000/p", "connections", "8"), last.params());
    assertEquals(List.of("url", "connections"), List.copyOf(last.labels().keySet()), "matrix order");
    assertEquals("max_batch_size=8, num_replicas=1", last.labels().get("url"));
    assertEquals("8 clients", last.labels().get("connections"));
    assertEquals("http://serving-b.serving.svc:8000/p", ((HttpWorkload) last.workload()).getUrl());
  }

  @Test
  void iterationsWithADurationKeepBothAndScenariosInheritBothFromDefaults() {
    List<ScenarioPlan> plans = ScenarioPlan.of(spec("""
        placements: [{name: a, pods: 1}]
        defaults: {iterations: 100000, duration: 120m}
        scenarios:
          - name: k6
            http: {url: 'http://x.default.svc/'}
          - name: own-duration
            duration: 30s
            http: {url: 'http://x.default.svc/'}
        """));
    assertEquals(100000L, plans.get(0).iterations());
    assertEquals(Duration.ofMinutes(120), plans.get(0).duration());
    assertNull(plans.get(1).iterations(), "a scenario's own duration replaces both bounds of the defaults");
    assertEquals(Duration.ofSeconds(30), plans.get(1).duration());
  }

  @Test
  void aPodsAxisSetsHowManyPodsDriveLoadNotAWorkloadField() {
    List<ScenarioPlan> plans = ScenarioPlan.of(spec("""
        placements: [{name: a, pods: 2}, {name: b, pods: 2}]
        defaults: {duration: 2s, warmup: 1s, repeats: 2}
        scenarios:
          - name: get
            s3: {bucket: b, endpoint: 'http://minio.storage.svc:9000'}
            matrix:
              client: {values: [apache, crt]}
              pods: {values: [1, 4]}
        """));
    assertEquals(4, plans.size());
    ScenarioPlan one = plans.get(0);
    assertEquals(Map.of("client", "apache", "pods", "1"), one.params());
    assertEquals(1, one.activePods());
    assertTrue(one.activeFor(0));
    assertFalse(one.activeFor(1));
    assertTrue(plans.get(1).activeFor(3));
    assertEquals(Duration.ofSeconds(6), one.plannedLength(), "(1s warm-up + 2s) x 2 repeats");
  }

  @Test
  void theHeadlineIsBandwidthForBlobReadsLargeObjectsAndBufferSweepsUnlessTheRunSays() {
    List<ScenarioPlan> plans = ScenarioPlan.of(spec("""
        placements: [{name: a, pods: 1}]
        scenarios:
          - name: get
            redis: {op: get}
          - name: blob
            redis: {op: blobRead, key: blob}
          - name: http-sweep
            http: {url: 'http://x.default.svc/'}
            matrix: {bufferSize: {powersOfTwo: {from: 12, to: 13}}}
          - name: small-objects
            s3: {bucket: b, objectSize: 4Ki}
          - name: large-objects
            s3: {bucket: b, objectSize: 1Mi}
          - name: said-so
            headline: throughput
            s3: {bucket: b, objectSize: 64Mi}
        """));
    assertEquals(Headline.THROUGHPUT, plans.get(0).headline());
    assertEquals(Headline.BANDWIDTH, plans.get(1).headline());
    assertEquals(Headline.BANDWIDTH, plans.get(2).headline());
    assertEquals(Headline.THROUGHPUT, plans.get(4).headline());
    assertEquals(Headline.BANDWIDTH, plans.get(5).headline());
    assertEquals(Headline.THROUGHPUT, plans.get(6).headline());
    assertEquals(ScenarioPlan.DEFAULT_PERCENTILES, plans.get(0).percentiles());
  }
}
