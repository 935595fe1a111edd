package dev.regatta.kubesim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.kubesim.events.EventRecorder;
import dev.regatta.kubesim.nodes.NodePool;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.kubesim.testing.ManualTime;
import dev.regatta.kubesim.testing.MockApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler on its own: which node a pod goes to, and what a pod that fits none is told. */
class SchedulerTest {
  static final List<Node> NODES = NodePool.of("node", Zone.DEFAULT, 1).withLabels(Map.of("pool", "bench")).nodes();

  private final Scheduler scheduler = new Scheduler(null, NODES, null, new ManualTime(Instant.EPOCH));

  private static PodSpecBuilder pod() {
    return new PodSpecBuilder().addNewContainer().withName("runner").withImage("runner:1").endContainer();
  }

  private static PodSpec inRegion(String region) {
    return pod().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey(NodePool.REGION).withOperator("In")
        .withValues(region).endMatchExpression().endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build();
  }

  private String node(PodSpec spec) {
    Scheduler.Decision d = scheduler.decide(spec);
    assertTrue(d.scheduled(), d.unschedulable());
    return d.node().getMetadata().getName();
  }

  @Test
  void theNodesAreLabelledWithTheirRegionAndZone() {
    assertEquals(List.of("node-eu-west-1a", "node-eu-west-1b", "node-us-east-1a", "node-us-east-1b"),
        NODES.stream().map(n -> n.getMetadata().getName()).toList());
    Map<String, String> labels = NODES.get(2).getMetadata().getLabels();
    assertEquals("us-east-1", labels.get(NodePool.REGION));
    assertEquals("us-east-1a", labels.get(NodePool.ZONE));
    assertEquals("node-us-east-1a", labels.get(NodePool.HOSTNAME));
    assertEquals("bench", labels.get("pool"));
  }

  @Test
  void requiredAffinityAndNodeSelectorChooseTheNodes() {
    assertEquals("node-us-east-1a", node(inRegion("us-east-1")));
    assertEquals("node-eu-west-1b", node(pod().withNodeSelector(Map.of(NodePool.ZONE, "eu-west-1b")).build()));
    PodSpec both = new PodSpecBuilder(inRegion("eu-west-1")).withNodeSelector(Map.of(NodePool.ZONE, "eu-west-1b",
        "pool", "bench")).build();
    assertEquals("node-eu-west-1b", node(both));
    assertEquals("node-eu-west-1a", node(pod().build()), "no constraint: the first of the least busy");
  }

  @Test
  void aPodThatFitsNoNodeIsToldWhyAsTheSchedulerWordsIt() {
    Scheduler.Decision d = scheduler.decide(inRegion("mars-1"));
    assertFalse(d.scheduled());
    assertNull(d.node());
    assertEquals("0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes "
        + "are available: 4 Preemption is not helpful for scheduling.", d.unschedulable());
    Scheduler.Decision typo = scheduler.decide(pod().withNodeSelector(Map.of("pool", "bnech")).build());
    assertTrue(typo.unschedulable().startsWith("0/4 nodes are available: 4 node(s) didn't match"), typo.unschedulable());
  }

  @Test
  void taintedNodesTakeOnlyPodsThatTolerateThem() {
    List<Node> nodes = new ArrayList<>();
    for (Node n : NODES) {
      nodes.add(new NodeBuilder(n).editOrNewSpec().addNewTaint().withKey("dedicated").withValue("gpu")
          .withEffect("NoSchedule").endTaint().endSpec().build());
    }
    Scheduler tainted = new Scheduler(null, nodes, null, new ManualTime(Instant.EPOCH));
    Scheduler.Decision refused = tainted.decide(pod().build());
    assertEquals("0/4 nodes are available: 4 node(s) had untolerated taint. preemption: 0/4 nodes are available: 4 "
        + "Preemption is not helpful for scheduling.", refused.unschedulable());
    assertTrue(tainted.decide(pod().withTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Equal")
        .withValue("gpu").withEffect("NoSchedule").build()).build()).scheduled());
    assertTrue(tainted.decide(pod().withTolerations(new TolerationBuilder().withOperator("Exists").build()).build())
        .scheduled(), "an empty key with Exists tolerates every taint");
    assertFalse(tainted.decide(pod().withTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Equal")
        .withValue("cpu").build()).build()).scheduled(), "another value does not");
  }

  @Test
  void everyOperatorOfARequiredNodeAffinityTerm() {
    Node n = NODES.get(0);
    assertTrue(matches(n, "In", NodePool.ZONE, "eu-west-1a", "eu-west-1b"));
    assertFalse(matches(n, "NotIn", NodePool.ZONE, "eu-west-1a"));
    assertTrue(matches(n, "NotIn", "absent", "x"), "NotIn matches a node without the label");
    assertTrue(matches(n, "Exists", "pool"));
    assertFalse(matches(n, "DoesNotExist", "pool"));
    Node sized = new NodeBuilder(n).editMetadata().addToLabels("cores", "64").endMetadata().build();
    assertTrue(matches(sized, "Gt", "cores", "32"));
    assertFalse(matches(sized, "Lt", "cores", "32"));
    assertFalse(matches(sized, "Gt", "pool", "1"), "Gt on a label that is not a number matches nothing");
    PodSpec byName = pod().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name").withOperator("In")
        .withValues("node-us-east-1b").endMatchField().endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build();
    assertEquals("node-us-east-1b", node(byName));
    PodSpec empty = pod().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity().endAffinity().build();
    assertFalse(scheduler.decide(empty).scheduled(), "an empty term matches no node, as on a cluster");
  }

  private static boolean matches(Node n, String operator, String key, String... values) {
    PodSpec spec = pod().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey(key)
            .withOperator(operator).withValues(values).build()).endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build();
    return NodeMatcher.selectorMatches(spec, n);
  }

  @Test
  void podsAreSpreadOverTheLeastBusyNodesAndTheSchedulersVerdictIsWrittenOnThePod() {
    try (MockApi api = new MockApi()) {
      var client = api.client();
      ManualTime time = new ManualTime(Instant.parse("2026-11-26T06:00:00Z"));
      Scheduler s = new Scheduler(client, NODES, new EventRecorder(client, "test", time), time);
      List<String> placed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Pod p = client.pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName("eu-" + i)
            .endMetadata().withSpec(inRegion("eu-west-1")).build()).create();
        s.podChanged(p);
        s.podChanged(p); // a second event for the same pod changes nothing
        Pod bound = client.pods().inNamespace("ns").withName("eu-" + i).get();
        placed.add(bound.getSpec().getNodeName());
        PodCondition c = bound.getStatus().getConditions().get(0);
        assertEquals("PodScheduled", c.getType());
        assertEquals("True", c.getStatus());
      }
      assertEquals(List.of("node-eu-west-1a", "node-eu-west-1b", "node-eu-west-1a"), placed);
      s.podDeleted(client.pods().inNamespace("ns").withName("eu-1").get());
      Pod next = client.pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName("eu-3")
          .endMetadata().withSpec(inRegion("eu-west-1")).build()).create();
      s.podChanged(next);
      assertEquals("node-eu-west-1b", client.pods().inNamespace("ns").withName("eu-3").get().getSpec().getNodeName(),
          "the node a deleted pod left is the least busy again");

      Pod nowhere = client.pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName("mars")
          .endMetadata().withSpec(inRegion("mars-1")).build()).create();
      s.podChanged(nowhere);
      Pod pending = client.pods().inNamespace("ns").withName("mars").get();
      assertNull(pending.getSpec().getNodeName());
      assertEquals("Pending", pending.getStatus().getPhase());
      PodCondition c = pending.getStatus().getConditions().get(0);
      assertEquals("False", c.getStatus());
      assertEquals("Unschedulable", c.getReason());
      assertTrue(c.getMessage().startsWith("0/4 nodes are available"), c.getMessage());
      List<Event> events = client.v1().events().inNamespace("ns").list().getItems();
      Event failed = events.stream().filter(e -> "mars".equals(e.getInvolvedObject().getName())).findFirst()
          .orElseThrow();
      assertEquals("FailedScheduling", failed.getReason());
      assertEquals("Warning", failed.getType());
      assertEquals("default-scheduler", failed.getSource().getComponent());
      assertTrue(events.stream().anyMatch(e -> "Scheduled".equals(e.getReason())
          && "Successfully assigned ns/eu-0 to node-eu-west-1a".equals(e.getMessage())));
    }
  }
}
