package dev.regatta.kubesim.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated nodes: {@code perZone} nodes in each zone, labelled with the well-known topology labels so that a
 * pod's region/zone node selector or affinity means what it means on a cluster. They are all this machine (its
 * processor count is every node's capacity) and their address is loopback.
 *
 * @param prefix node names are PREFIX-ZONE, or PREFIX-ZONE-N with more than one node per zone
 * @param labels added to every node's labels (e.g. a node pool's)
 * @param description the message of every node's Ready condition: what runs the pods
 */
public record NodePool(String prefix, List<Zone> zones, int perZone, Map<String, String> labels, String description) {
  public static final String REGION = "topology.kubernetes.io/region";
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String HOSTNAME = "kubernetes.io/hostname";

  public NodePool {
    zones = List.copyOf(zones);
    labels = Map.copyOf(labels);
    if (perZone < 1) {
      throw new IllegalArgumentException("nodes per zone must be at least 1");
    }
  }

  public static NodePool of(String prefix, List<Zone> zones, int perZone) {
    return new NodePool(prefix, zones, perZone, Map.of(), "simulated node");
  }

  public NodePool withLabels(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.putAll(more);
    return new NodePool(prefix, zones, perZone, all, description);
  }

  public NodePool describedAs(String readyMessage) {
    return new NodePool(prefix, zones, perZone, labels, readyMessage);
  }

  public List<Node> nodes() {
    List<Node> nodes = new ArrayList<>();
    String now = Instant.now().toString();
    int cpus = Runtime.getRuntime().availableProcessors();
    for (Zone z : zones) {
      for (int i = 1; i <= perZone; i++) {
        String name = prefix + "-" + z.zone() + (perZone > 1 ? "-" + i : "");
        Map<String, String> nodeLabels = new LinkedHashMap<>(Map.of(HOSTNAME, name, REGION, z.region(), ZONE, z.zone(),
            "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64"));
        nodeLabels.putAll(labels);
        nodes.add(new NodeBuilder()
            .withNewMetadata().withName(name).withLabels(nodeLabels).endMetadata()
            .withNewStatus()
            .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
            .withMessage(description).withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
            .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
            .addNewAddress().withType("Hostname").withAddress(name).endAddress()
            // the machine's real size: every node shares it, which the docs say
            .addToCapacity("cpu", new Quantity(String.valueOf(cpus)))
            .addToCapacity("pods", new Quantity("110"))
            .addToAllocatable("cpu", new Quantity(String.valueOf(cpus)))
            .addToAllocatable("pods", new Quantity("110"))
            .withNewNodeInfo().withKubeletVersion("v1.32.0-regatta-" + prefix).withOperatingSystem("linux")
            .withArchitecture("amd64").withContainerRuntimeVersion("regatta-" + prefix + "://processes")
            .withOsImage(System.getProperty("os.name") + " " + System.getProperty("os.version"))
            .withKernelVersion(System.getProperty("os.version")).withKubeProxyVersion("").withMachineID("")
            .withSystemUUID("").withBootID("").endNodeInfo()
            .endStatus()
            .build());
      }
    }
    return nodes;
  }

  /** The address pods on this node get (status.hostIP and podIP): its InternalIP. */
  public static String address(Node node) {
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (var a : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(a.getType())) {
          return a.getAddress();
        }
      }
    }
    return "127.0.0.1";
  }
}
