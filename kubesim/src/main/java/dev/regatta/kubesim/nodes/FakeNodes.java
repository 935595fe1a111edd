package dev.regatta.kubesim.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nodes of the local "cluster": all on this machine, labelled with the well-known topology labels so
 * a placement's region/zone affinity means what it means on a cluster.
 */
public final class FakeNodes {
  public static final String REGION = "topology.kubernetes.io/region";
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String HOSTNAME = "kubernetes.io/hostname";

  private FakeNodes() {}

  public static List<Node> build(List<Zone> zones, int perZone) {
    List<Node> nodes = new ArrayList<>();
    String now = Instant.now().toString();
    int cpus = Runtime.getRuntime().availableProcessors();
    for (Zone z : zones) {
      for (int i = 1; i <= perZone; i++) {
        String name = "local-" + z.zone() + (perZone > 1 ? "-" + i : "");
        nodes.add(new NodeBuilder()
            .withNewMetadata().withName(name)
            .withLabels(Map.of(HOSTNAME, name, REGION, z.region(), ZONE, z.zone(),
                "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64", "regatta.dev/local", "true"))
            .endMetadata()
            .withNewStatus()
            .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
            .withMessage("Regatta local executor is running pods as processes on this machine")
            .withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
            .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
            .addNewAddress().withType("Hostname").withAddress(name).endAddress()
            // the machine's real size: every node shares it, which the docs say
            .addToCapacity("cpu", new Quantity(String.valueOf(cpus)))
            .addToCapacity("pods", new Quantity("110"))
            .addToAllocatable("cpu", new Quantity(String.valueOf(cpus)))
            .addToAllocatable("pods", new Quantity("110"))
            .withNewNodeInfo().withKubeletVersion("v1.32.0-regatta-local").withOperatingSystem("linux")
            .withArchitecture("amd64").withContainerRuntimeVersion("regatta-local://processes")
            .withOsImage(System.getProperty("os.name") + " " + System.getProperty("os.version"))
            .withKernelVersion(System.getProperty("os.version")).withKubeProxyVersion("").withMachineID("")
            .withSystemUUID("").withBootID("").endNodeInfo()
            .endStatus()
            .build());
      }
    }
    return nodes;
  }
}
