package dev.regatta.operator.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.rbac.RunnerRbac;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultMerger;
import dev.regatta.result.ScenarioResult;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Status holds merged rows only, so its size depends on matrix points and regions, not on pods: a 1,000-pod run
 * with 50 points stays far below the 1 MiB object limit, and so does its Role (one resourceName per pod).
 */
class StatusSizeTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void fiftyPointsInThreeRegionsFitEasily() {
    Random rnd = new Random(1);
    String[] regions = {"eu-west-1", "us-east-1", "ap-south-1"};
    List<ResultDocument> docs = new ArrayList<>();
    // 30 pods stand for 1,000: rows pool pods, so more pods do not add bytes to status.
    for (int p = 0; p < 30; p++) {
      List<ScenarioResult> rs = new ArrayList<>();
      for (int point = 0; point < 50; point++) {
        Histogram h = Histograms.newHistogram();
        for (int i = 0; i < 200; i++) {
          Histograms.recordMicros(h, 50 + rnd.nextInt(100_000));
        }
        rs.add(new ScenarioResult("sweep-with-a-long-name", Map.of("bufferSize", Long.toString(1L << point % 40),
            "transport", point < 25 ? "redis" : "https"), 0, h.getTotalCount(), 0, null, 0, 30.0,
            h.getTotalCount() / 30.0, 1e9, 30_000_000_000L, LatencySummary.of(h), Histograms.encode(h), null, null, null));
      }
      docs.add(new ResultDocument(ResultDocument.FORMAT_VERSION, "r", "ns", "pod-" + p, "g", regions[p % 3], null, p,
          null, null, null, null, rs, null));
    }
    ResultMerger.Merged merged = ResultMerger.merge(docs);
    assertEquals(50, merged.rows().size());
    BenchmarkRunStatus status = new BenchmarkRunStatus();
    status.setResults(merged.rows());
    int bytes = JSON.asJson(status).length();
    System.out.println("status.results for 50 points x 3 regions: " + bytes + " bytes");
    assertTrue(bytes < 256 * 1024, "status with 50 rows x 3 regions is " + bytes + " bytes");
  }

  @Test
  void theRoleOfAThousandPodRunFits() {
    BenchmarkRun run = new BenchmarkRun();
    run.setMetadata(new ObjectMetaBuilder().withName("a-forty-character-run-name-for-the-limit").withNamespace("ns")
        .withUid("u").build());
    BenchmarkRunSpec spec = new BenchmarkRunSpec();
    for (int g = 0; g < 10; g++) {
      spec.getPlacements().add(new Placement("group-" + g, 100, "r", null));
    }
    run.setSpec(spec);
    int bytes = JSON.asJson(RunnerRbac.role(run, RunObjects.slots("a-forty-character-run-name-for-the-limit", spec)))
        .length();
    System.out.println("Role for 1,000 pods: " + bytes + " bytes");
    assertTrue(bytes < 100 * 1024, "Role for 1,000 pods is " + bytes + " bytes");
  }
}
