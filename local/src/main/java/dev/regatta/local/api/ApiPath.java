package dev.regatta.local.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request path split into the parts a Kubernetes API server routes on, plus its query parameters. */
record ApiPath(String path, String group, String version, String namespace, String plural, String name,
    String subresource, Map<String, String> query) {

  private static final Pattern RESOURCE = Pattern.compile(
      "^/(?:api|apis/([^/]+))/([^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(?:/([^/]+))?$");

  static ApiPath parse(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String kv : uri.substring(q + 1).split("&")) {
        if (kv.isEmpty()) {
          continue;
        }
        int eq = kv.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(k, v);
      }
    }
    Matcher m = RESOURCE.matcher(path);
    if (m.matches()) {
      return new ApiPath(path, m.group(1) == null ? "" : m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
          m.group(6), query);
    }
    return new ApiPath(path, null, null, null, null, null, null, query);
  }

  boolean isResource() {
    return plural != null;
  }

  boolean isList() {
    return isResource() && name == null;
  }

  boolean isWatch() {
    return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  /** The path with the given query parameters dropped, re-encoded for the CRUD store. */
  String withoutParams(String... drop) {
    List<String> parts = new ArrayList<>();
    outer:
    for (Map.Entry<String, String> e : query.entrySet()) {
      for (String d : drop) {
        if (d.equals(e.getKey())) {
          continue outer;
        }
      }
      parts.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return parts.isEmpty() ? path : path + "?" + String.join("&", parts);
  }
}
