package dev.regatta.report.model;

import java.util.Map;
import java.util.TreeMap;

/** A scenario at one parameter point; params compare by content, not by map order. */
public record PointKey(String scenario, Map<String, String> params) {
  public PointKey {
    params = params == null ? Map.of() : new TreeMap<>(params);
  }

  /** "read bufferSize=4096 client=sync", for legends and messages. */
  public String label() {
    StringBuilder b = new StringBuilder(scenario);
    params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    return b.toString();
  }
}
