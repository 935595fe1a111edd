package dev.regatta.result;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which row of one run is "the same row" of another: the same scenario, the same parameter values (compared by
 * content, whatever the map order) and the same region, or both the fleet's. The one rule by which
 * {@code report --baseline} and a threshold relative to a baseline ({@code p99 < 1.10 × baseline}) pair rows.
 *
 * @param region a region's name, or null for the fleet-merged row
 */
public record RowKey(String scenario, Map<String, String> params, String region) {
  public RowKey {
    params = params == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(params));
  }

  public static RowKey fleet(String scenario, Map<String, String> params) {
    return new RowKey(scenario, params, null);
  }

  /** "get {size=4096}", "get {size=4096} region=eu-west-1": for messages. */
  public String label() {
    return scenario + (params.isEmpty() ? "" : " " + params) + (region == null ? "" : " region=" + region);
  }
}
