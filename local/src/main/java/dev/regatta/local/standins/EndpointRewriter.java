package dev.regatta.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.regatta.api.AddressMap;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.local.executor.RunFileRewriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the copy of the run file a local runner process reads: in-cluster addresses become the
 * loopback stand-ins', and the pod's sidecar port (127.0.0.1:6379 on a cluster) becomes the port its
 * redis-server really has here. The run is parsed first, so fields left at their defaults (a redis url
 * that defaults to 127.0.0.1:6379) are written out and rewritten too. The run in the API is untouched.
 *
 * <p>Matrix values are left as the run writes them, because they name the rows ({@code params}): a row must say
 * {@code url=http://serving-a.serving.svc:8000/}, not a loopback port. The file carries the whole mapping in the
 * annotation {@link AddressMap#ANNOTATION}, and the runner applies it to each point's workload.
 */
public final class EndpointRewriter implements RunFileRewriter {
  /** host:port as a run names it → host:port of the local stand-in. */
  private final AddressMap targets;

  public EndpointRewriter(Map<String, String> targets) {
    this.targets = new AddressMap(targets);
  }

  /** The stand-ins' mapping (what the operator and the report command use). */
  public AddressMap addressMap() {
    return targets;
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
    AddressMap pod = forPod(localhostPorts);
    rewriteStrings(spec, pod);
    if (!pod.isEmpty()) {
      ObjectNode metadata = tree.path("metadata").isObject() ? (ObjectNode) tree.path("metadata")
          : ((ObjectNode) tree).putObject("metadata");
      ObjectNode annotations = metadata.path("annotations").isObject() ? (ObjectNode) metadata.path("annotations")
          : metadata.putObject("annotations");
      annotations.put(AddressMap.ANNOTATION, pod.toJson());
    }
    return RunFiles.toYaml(tree);
  }

  /** The stand-ins, plus this pod's loopback ports (127.0.0.1:6379 and localhost:6379 → its redis-server). */
  AddressMap forPod(Map<Integer, Integer> localhostPorts) {
    Map<String, String> all = new LinkedHashMap<>();
    for (Map.Entry<Integer, Integer> p : localhostPorts.entrySet()) {
      all.put("127.0.0.1:" + p.getKey(), "127.0.0.1:" + p.getValue());
      all.put("localhost:" + p.getKey(), "127.0.0.1:" + p.getValue());
    }
    all.putAll(targets.targets());
    return new AddressMap(all);
  }

  private void rewriteStrings(JsonNode n, AddressMap map) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("matrix")) {
          continue; // the rows' names: the runner maps them per point (see the class comment)
        }
        if (e.getValue().isTextual()) {
          e.setValue(TextNode.valueOf(map.rewrite(e.getValue().asText())));
        } else {
          rewriteStrings(e.getValue(), map);
        }
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        JsonNode c = n.get(i);
        if (c.isTextual()) {
          ((ArrayNode) n).set(i, TextNode.valueOf(map.rewrite(c.asText())));
        } else {
          rewriteStrings(c, map);
        }
      }
    }
  }

  /** An address as a process outside any pod (the operator) reaches it here: in-cluster names become stand-ins. */
  public String rewriteUrl(String url) {
    return targets.rewrite(url);
  }
}
