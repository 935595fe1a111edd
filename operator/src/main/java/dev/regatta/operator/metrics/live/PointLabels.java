package dev.regatta.operator.metrics.live;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parameter point as a bounded set of labels: {@code point} names it whole ({@code key=value,...}, keys sorted,
 * {@code , = %} in them percent-escaped, so two points never share it; cut to {@value #MAX_POINT} characters with a
 * hash of the whole when longer), and each of its first {@value #MAX_PARAMS} keys (sorted) is a label
 * {@code param_<key>} ({@code <key>} with every character outside {@code [A-Za-z0-9_]} as {@code _}; a key that maps
 * to a label already taken is left out) whose value is cut to {@value #MAX_VALUE} characters. A run's matrix keys
 * and values come from its author: whatever they are, the label set stays small and valid.
 */
final class PointLabels {
  static final int MAX_PARAMS = 8;
  static final int MAX_VALUE = 100;
  static final int MAX_POINT = 200;

  private PointLabels() {}

  /** The point's labels in order: {@code point} first, then the {@code param_*} labels. */
  static Map<String, String> of(Map<String, String> params) {
    Map<String, String> out = new LinkedHashMap<>();
    TreeMap<String, String> sorted = new TreeMap<>();
    if (params != null) {
      params.forEach((k, v) -> sorted.put(k == null ? "" : k, v == null ? "" : v));
    }
    out.put("point", point(sorted));
    int n = 0;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (n == MAX_PARAMS) {
        break;
      }
      String name = "param_" + e.getKey().replaceAll("[^A-Za-z0-9_]", "_");
      if (out.putIfAbsent(name, cut(e.getValue(), MAX_VALUE)) == null) {
        n++;
      }
    }
    return out;
  }

  private static String point(TreeMap<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> parts.add(escape(k) + "=" + escape(v)));
    String whole = String.join(",", parts);
    if (whole.length() <= MAX_POINT) {
      return whole;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(whole.getBytes(StandardCharsets.UTF_8));
      return whole.substring(0, MAX_POINT - 13) + "~" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String escape(String s) {
    return s.replace("%", "%25").replace(",", "%2C").replace("=", "%3D");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
