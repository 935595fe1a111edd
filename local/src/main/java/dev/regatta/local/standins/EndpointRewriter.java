package dev.regatta.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.local.executor.RunFileRewriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the copy of the run file a local runner process reads: in-cluster addresses become the
 * loopback stand-ins', and the pod's sidecar port (127.0.0.1:6379 on a cluster) becomes the port its
 * redis-server really has here. The run is parsed first, so fields left at their defaults (a redis url
 * that defaults to 127.0.0.1:6379) are written out and rewritten too. The run in the API is untouched.
 */
public final class EndpointRewriter implements RunFileRewriter {
  /** host:port as a run names it → host:port of the local stand-in. */
  private final Map<String, String> targets;

  public EndpointRewriter(Map<String, String> targets) {
    this.targets = Map.copyOf(targets);
  }

  @Override
  public String rewrite(String runYaml, Map<Integer, Integer> localhostPorts) {
    List<BenchmarkRun> runs = RunFiles.parse(runYaml, "run file");
    if (runs.isEmpty()) {
      return runYaml;
    }
    JsonNode tree = RunFiles.yaml().valueToTree(runs.get(0));
    JsonNode spec = tree.path("spec");
    for (JsonNode sidecar : spec.path("sidecars")) {
      int port = sidecar.path("port").asInt(6379);
      if (localhostPorts.containsKey(port)) {
        ((ObjectNode) sidecar).put("port", localhostPorts.get(port));
      }
    }
    rewriteStrings(spec, localhostPorts);
    return RunFiles.toYaml(tree);
  }

  private void rewriteStrings(JsonNode n, Map<Integer, Integer> localhostPorts) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          e.setValue(TextNode.valueOf(rewriteValue(e.getValue().asText(), localhostPorts)));
        } else {
          rewriteStrings(e.getValue(), localhostPorts);
        }
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        JsonNode c = n.get(i);
        if (c.isTextual()) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) n).set(i, TextNode.valueOf(rewriteValue(c.asText(), localhostPorts)));
        } else {
          rewriteStrings(c, localhostPorts);
        }
      }
    }
  }

  /** An address as a process outside any pod (the operator) reaches it here: in-cluster names become stand-ins. */
  public String rewriteUrl(String url) {
    return rewriteValue(url, Map.of());
  }

  String rewriteValue(String s, Map<Integer, Integer> localhostPorts) {
    String out = s;
    for (Map.Entry<Integer, Integer> p : localhostPorts.entrySet()) {
      for (String host : new String[] {"127.0.0.1", "localhost"}) {
        out = replaceHostPort(out, host, p.getKey(), "127.0.0.1:" + p.getValue());
      }
    }
    for (Map.Entry<String, String> t : targets.entrySet()) {
      int colon = t.getKey().lastIndexOf(':');
      String host = t.getKey().substring(0, colon);
      int port = Integer.parseInt(t.getKey().substring(colon + 1));
      out = replaceHostPort(out, host, port, t.getValue());
      // a URL on the scheme's default port names no port
      Matcher m = Pattern.compile("(?i)^(https?|rediss?)://" + Pattern.quote(host) + "(?=[/?#]|$)").matcher(out);
      if (m.find() && defaultPort(m.group(1)) == port) {
        out = m.replaceFirst(m.group(1) + "://" + Matcher.quoteReplacement(t.getValue()));
      }
    }
    return out;
  }

  private static int defaultPort(String scheme) {
    return switch (scheme.toLowerCase()) {
      case "https" -> 443;
      case "redis", "rediss" -> 6379;
      default -> 80;
    };
  }

  private static String replaceHostPort(String s, String host, int port, String replacement) {
    return s.replaceAll("(?<=^|[/@,\\s])" + Pattern.quote(host + ":" + port) + "(?=$|[/?#,\\s])",
        Matcher.quoteReplacement(replacement));
  }
}
