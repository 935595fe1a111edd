package dev.regatta.operator.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names, labels, owner references and the ConfigMaps of the protocol (docs/PROTOCOL.md). */
public final class RunObjects {
  private RunObjects() {}

  /** One runner pod's slot: placement and completion index, and the ConfigMap it reports through. */
  public record Slot(String placement, int index, String region, String zone, String resultMap)
      implements ResultCollector.Slot {
    public String label() {
      return placement + "-" + index;
    }
  }

  /** Every slot of a run, in placement order. */
  public static List<Slot> slots(String run, BenchmarkRunSpec spec) {
    List<Slot> slots = new ArrayList<>();
    for (Placement p : spec.getPlacements()) {
      for (int i = 0; i < p.getPods(); i++) {
        slots.add(new Slot(p.getName(), i, p.getRegion(), p.getZone(),
            Protocol.resultConfigMapName(run, p.getName(), i)));
      }
    }
    return slots;
  }

  public static Map<String, String> labels(BenchmarkRun run, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Protocol.LABEL_RUN, run.getMetadata().getName());
    labels.put(Protocol.LABEL_MANAGED_BY, Protocol.MANAGED_BY);
    if (component != null) {
      labels.put(Protocol.LABEL_COMPONENT, component);
    }
    return labels;
  }

  /** Controller owner reference: deleting the run deletes the object (the garbage collector does it). */
  public static OwnerReference ownerReference(BenchmarkRun run) {
    return new OwnerReferenceBuilder()
        .withApiVersion(BenchmarkRun.API_VERSION)
        .withKind(BenchmarkRun.KIND)
        .withName(run.getMetadata().getName())
        .withUid(run.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  public static ObjectMeta meta(BenchmarkRun run, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(labels(run, component))
        .withOwnerReferences(ownerReference(run))
        .build();
  }

  /** The run file: the BenchmarkRun as the user wrote it (no status, no server metadata). */
  public static String runFile(BenchmarkRun run) {
    ObjectNode doc = RunFiles.yaml().createObjectNode();
    doc.put("apiVersion", BenchmarkRun.API_VERSION);
    doc.put("kind", BenchmarkRun.KIND);
    ObjectNode meta = doc.putObject("metadata");
    meta.put("name", run.getMetadata().getName());
    meta.put("namespace", run.getMetadata().getNamespace());
    doc.set("spec", RunFiles.yaml().valueToTree(run.getSpec()));
    return RunFiles.toYaml(doc);
  }

  public static ConfigMap specMap(BenchmarkRun run) {
    return new ConfigMapBuilder()
        .withMetadata(meta(run, Protocol.specConfigMapName(run.getMetadata().getName()), Protocol.COMPONENT_SPEC))
        .addToData(Protocol.RUN_FILE_KEY, runFile(run))
        .build();
  }

  public static ConfigMap startMap(BenchmarkRun run) {
    return new ConfigMapBuilder()
        .withMetadata(meta(run, Protocol.startConfigMapName(run.getMetadata().getName()), Protocol.COMPONENT_START))
        .build();
  }

  public static ConfigMap resultMap(BenchmarkRun run, Slot slot) {
    ObjectMeta meta = meta(run, slot.resultMap(), Protocol.COMPONENT_RESULT);
    meta.getLabels().put(Protocol.LABEL_PLACEMENT, slot.placement());
    meta.getLabels().put(Protocol.LABEL_INDEX, Integer.toString(slot.index()));
    return new ConfigMapBuilder().withMetadata(meta).addToData(Protocol.STATE_KEY, Protocol.STATE_PENDING).build();
  }

  /** The accepted spec, read back from the spec ConfigMap (what the runners see), or null. */
  public static BenchmarkRunSpec acceptedSpec(ConfigMap specMap) {
    if (specMap == null || specMap.getData() == null || specMap.getData().get(Protocol.RUN_FILE_KEY) == null) {
      return null;
    }
    List<BenchmarkRun> runs = RunFiles.parse(specMap.getData().get(Protocol.RUN_FILE_KEY),
        specMap.getMetadata().getName());
    return runs.isEmpty() ? null : runs.get(0).getSpec();
  }
}
