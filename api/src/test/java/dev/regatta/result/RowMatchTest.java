package dev.regatta.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one pairing of rows used by report --baseline and by thresholds relative to a baseline. */
class RowMatchTest {
  private static ResultRow row(String scenario, Map<String, String> params, String... regions) {
    ResultRow r = new ResultRow();
    r.setScenario(scenario);
    r.setParams(params);
    for (String region : regions) {
      ResultRow.RegionRow rr = new ResultRow.RegionRow();
      rr.setRegion(region);
      r.getByRegion().add(rr);
    }
    return r;
  }

  @Test
  void rowsArePairedByScenarioParamsAndRegionWhateverTheMapOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    ResultRow base = row("get", ab, "eu-west-1");
    RowMatch<RowFigures> m = RowMatch.ofStatus(List.of(base, row("put", Map.of())));
    assertEquals(base, m.find(RowKey.fleet("get", ba)).orElseThrow(), "params compare by content");
    assertEquals(base.getByRegion().get(0), m.find(new RowKey("get", ba, "eu-west-1")).orElseThrow());
    assertTrue(m.find(new RowKey("get", ab, "us-east-1")).isEmpty(), "another region is not the same row");
    assertTrue(m.find(RowKey.fleet("get", Map.of("a", "1"))).isEmpty(), "a point with fewer params is another");
    assertTrue(m.find(RowKey.fleet("get", Map.of("a", "1", "b", "3"))).isEmpty());
    assertEquals(1, m.unmatched().size(), "put was never asked for: only in the baseline");
    assertEquals("get {a=1, b=2} region=eu-west-1", new RowKey("get", ba, "eu-west-1").label());
  }
}
