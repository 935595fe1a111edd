package dev.regatta.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an address a run names is really reached: {@code host:port} as the run writes it → {@code host:port} to
 * connect to. Local mode maps in-cluster names to its loopback stand-ins and a pod's 127.0.0.1:6379 to the port
 * its redis-server really has; the operator, the report command and the runner (for matrix values, which
 * keep the run's own text in every row) all use this one mapping. Empty on a cluster: addresses are used as
 * written.
 *
 * <p>A value is rewritten where it holds {@code host:port} as a whole address (after {@code //}, {@code @},
 * {@code ,}, a space or at the start, and before {@code /?#,}, a space or the end), and a URL that names no port
 * is rewritten when the scheme's default port (http 80, https 443, redis 6379) is the one mapped.
 */
public final class AddressMap {
  /** The annotation of a run file (the copy a local runner reads) that carries the map as JSON. */
  public static final String ANNOTATION = "regatta.dev/address-map";
  /** Where local mode publishes its map for clients outside the pods (the report command): a ConfigMap. */
  public static final String CONFIG_MAP_NAMESPACE = "kube-public";
  public static final String CONFIG_MAP_NAME = "regatta-local-address-map";
  public static final String CONFIG_MAP_KEY = "addresses.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AddressMap EMPTY = new AddressMap(Map.of());

  private final Map<String, String> targets;

  public AddressMap(Map<String, String> targets) {
    this.targets = Map.copyOf(targets);
  }

  public static AddressMap empty() {
    return EMPTY;
  }

  public Map<String, String> targets() {
    return targets;
  }

  public boolean isEmpty() {
    return targets.isEmpty();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(new java.util.TreeMap<>(targets));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The map written by {@link #toJson()}; throws IllegalArgumentException naming what is wrong. */
  public static AddressMap fromJson(String json) {
    if (json == null || json.isBlank()) {
      return EMPTY;
    }
    try {
      Map<String, String> m = JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
      for (String k : m.keySet()) {
        int colon = k.lastIndexOf(':');
        if (colon <= 0 || !k.substring(colon + 1).matches("[0-9]{1,5}")) {
          throw new IllegalArgumentException("'" + k + "' is not host:port");
        }
      }
      return new AddressMap(m);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an address map (JSON object of host:port to host:port): "
          + e.getOriginalMessage(), e);
    }
  }

  /** The value with every mapped address replaced. */
  public String rewrite(String s) {
    if (s == null || targets.isEmpty()) {
      return s;
    }
    String out = s;
    for (Map.Entry<String, String> t : targets.entrySet()) {
      int colon = t.getKey().lastIndexOf(':');
      String host = t.getKey().substring(0, colon);
      int port = Integer.parseInt(t.getKey().substring(colon + 1));
      out = out.replaceAll("(?<=^|[/@,\\s])" + Pattern.quote(host + ":" + port) + "(?=$|[/?#,\\s])",
          Matcher.quoteReplacement(t.getValue()));
      // a URL on the scheme's default port names no port
      Matcher m = Pattern.compile("(?i)^(https?|rediss?)://" + Pattern.quote(host) + "(?=[/?#]|$)").matcher(out);
      if (m.find() && defaultPort(m.group(1)) == port) {
        out = m.replaceFirst(m.group(1) + "://" + Matcher.quoteReplacement(t.getValue()));
      }
    }
    return out;
  }

  private static int defaultPort(String scheme) {
    return switch (scheme.toLowerCase(java.util.Locale.ROOT)) {
      case "https" -> 443;
      case "redis", "rediss" -> 6379;
      default -> 80;
    };
  }
}
