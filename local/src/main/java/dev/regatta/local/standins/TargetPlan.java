package dev.regatta.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.units.Sizes;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the runs in a file expect to reach inside a cluster: HTTP(S) servers, gRPC servers, S3 endpoints (and the
 * buckets and objects they read), Kafka brokers, Redis servers. Read from the run specs as JSON, so that
 * matrix values (e.g. a url axis) count too.
 */
public final class TargetPlan {
  private final Set<Endpoint> endpoints = new LinkedHashSet<>();
  private final Set<String> buckets = new LinkedHashSet<>();
  /** bucket/key → bytes, for objects runs read without writing them first. */
  private final Map<String, Long> objects = new LinkedHashMap<>();
  /** secret name → key, for CA bundles of stood-in HTTPS targets. */
  private final Map<String, String> caSecrets = new LinkedHashMap<>();

  public Set<Endpoint> endpoints() {
    return endpoints;
  }

  public Set<String> buckets() {
    return buckets;
  }

  public Map<String, Long> objects() {
    return objects;
  }

  public Map<String, String> caSecrets() {
    return caSecrets;
  }

  public boolean needs(Endpoint.Kind kind) {
    return endpoints.stream().anyMatch(e -> e.kind() == kind);
  }

  /** Kafka bootstrap lists as runs write them: each names one cluster (one broker here), whatever its length. */
  private final Set<java.util.List<Endpoint>> kafkaLists = new LinkedHashSet<>();

  /** The Kafka clusters the runs name: each a bootstrap list's addresses, lists sharing an address merged. */
  public java.util.List<java.util.List<Endpoint>> kafkaClusters() {
    java.util.List<Set<Endpoint>> clusters = new java.util.ArrayList<>();
    for (java.util.List<Endpoint> list : kafkaLists) {
      Set<Endpoint> merged = new LinkedHashSet<>(list);
      clusters.removeIf(c -> {
        if (c.stream().anyMatch(merged::contains)) {
          merged.addAll(c);
          return true;
        }
        return false;
      });
      clusters.add(merged);
    }
    return clusters.stream().map(c -> (java.util.List<Endpoint>) new java.util.ArrayList<>(c)).toList();
  }

  /** Adds everything another plan holds (local mode reads runs scaled differently into one plan). */
  public void addAll(TargetPlan other) {
    endpoints.addAll(other.endpoints);
    buckets.addAll(other.buckets);
    objects.putAll(other.objects);
    caSecrets.putAll(other.caSecrets);
    kafkaLists.addAll(other.kafkaLists);
  }

  /** Adds what one run spec (JSON) names; blobSize is the size given to objects nobody writes. */
  public void add(JsonNode spec, long blobSize) {
    walk(spec, "", null, blobSize);
  }

  private void walk(JsonNode n, String field, JsonNode parent, long blobSize) {
    if (n.isObject()) {
      // an S3 location: endpoint (+ bucket, key)
      if (n.has("endpoint") && n.path("endpoint").isTextual()) {
        Endpoint e = parse(Endpoint.Kind.S3, n.path("endpoint").asText());
        if (e != null) {
          endpoints.add(e);
          if (n.has("bucket")) {
            buckets.add(n.path("bucket").asText());
            boolean writes = n.path("prepare").asBoolean(false) || "put".equals(n.path("op").asText());
            if (n.has("key") && !writes) {
              objects.put(n.path("bucket").asText() + "/" + n.path("key").asText(), blobSize);
            }
          }
        }
      }
      if ("http".equals(field) && n.has("caSecret") && n.has("url") && n.path("url").asText().startsWith("https://")) {
        Endpoint e = parse(Endpoint.Kind.HTTP, n.path("url").asText());
        if (e != null) {
          caSecrets.put(n.path("caSecret").path("name").asText(), n.path("caSecret").path("key").asText("ca.crt"));
        }
      }
      if ("grpc".equals(field) && n.path("target").isTextual()) {
        grpc(n, n.path("target").asText());
      }
      if (n.path("grpc").isObject()) {
        // a scenario whose matrix sweeps the grpc target: each value is a server of its own
        n.path("matrix").path("target").path("values").forEach(v -> grpc(n.path("grpc"), v.asText()));
      }
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if ("matrix".equals(e.getKey())) {
          e.getValue().fields().forEachRemaining(axis ->
              axis.getValue().path("values").forEach(v -> value(axis.getKey(), v.asText())));
          continue;
        }
        walk(e.getValue(), e.getKey(), n, blobSize);
      }
    } else if (n.isArray()) {
      n.forEach(c -> walk(c, field, parent, blobSize));
    } else if (n.isTextual()) {
      value(field, n.asText());
    }
  }

  /**
   * An external tool's environment variables that name an S3 endpoint: the AWS SDKs' own. A tool's other
   * http(s) arguments are HTTP servers.
   */
  private static final Set<String> S3_ENDPOINT_VARIABLES = Set.of("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3");

  /** A grpc workload's target (host:port, no scheme), with its TLS and CA bundle. */
  private void grpc(JsonNode workload, String target) {
    boolean tls = workload.path("tls").asBoolean(false);
    Endpoint e = parse(Endpoint.Kind.GRPC, (tls ? "grpcs://" : "grpc://") + target);
    if (e != null) {
      endpoints.add(e);
      if (tls && workload.has("caSecret")) {
        caSecrets.put(workload.path("caSecret").path("name").asText(), workload.path("caSecret").path("key").asText("ca.crt"));
      }
    }
  }

  private void value(String field, String v) {
    Endpoint e = null;
    if (v.startsWith("redis://") || v.startsWith("rediss://")) {
      e = parse(Endpoint.Kind.REDIS, v);
    } else if (S3_ENDPOINT_VARIABLES.contains(field)) {
      e = parse(Endpoint.Kind.S3, v);
    } else if (("url".equals(field) || "args".equals(field)) && (v.startsWith("http://") || v.startsWith("https://"))) {
      e = parse(Endpoint.Kind.HTTP, v);
    } else if ("bootstrapServers".equals(field) || "kafkaBootstrapServers".equals(field)) {
      java.util.List<Endpoint> list = new java.util.ArrayList<>();
      for (String hp : v.split(",")) {
        Endpoint k = parse(Endpoint.Kind.KAFKA, "kafka://" + hp.trim());
        if (k != null) {
          endpoints.add(k);
          list.add(k);
        }
      }
      if (!list.isEmpty()) {
        kafkaLists.add(java.util.List.copyOf(list));
      }
      return;
    } else if ("endpoint".equals(field)) {
      e = parse(Endpoint.Kind.S3, v);
    }
    if (e != null) {
      endpoints.add(e);
    }
  }

  /** The endpoint of a URL when its host is cluster-internal; null for anything reached as it is. */
  static Endpoint parse(Endpoint.Kind kind, String url) {
    try {
      URI u = URI.create(url.trim());
      String host = u.getHost();
      if (host == null || !Endpoint.clusterInternal(host)) {
        return null;
      }
      boolean tls = "https".equals(u.getScheme()) || "rediss".equals(u.getScheme()) || "grpcs".equals(u.getScheme());
      int port = u.getPort() > 0 ? u.getPort() : switch (kind) {
        case HTTP, S3, GRPC -> tls ? 443 : 80; // a grpc target always names its port
        case KAFKA -> 9092;
        case REDIS -> 6379;
      };
      return new Endpoint(kind, host, port, tls);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static long size(String s, long fallback) {
    try {
      return Sizes.parse(s);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
