package dev.regatta.operator.dependents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.reconcile.Observed;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each dependent wants to exist for a run, and when the runners' identity is left out. */
class DependentsTest {
  private static RunContext run(String name, String runnerLine) {
    BenchmarkRun run = RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: %s, namespace: team}
        spec:
          placements: [{name: a, pods: 2}, {name: b, pods: 1}]
          scenarios: [{name: get, redis: {url: "redis://127.0.0.1:6379", key: k}, duration: 10s}]
        %s""".formatted(name, runnerLine), "test").get(0);
    run.getMetadata().setUid("uid-" + name);
    return new RunContext(run, Observed.nothing(), Instant.EPOCH, null);
  }

  private static void ownedByTheRun(HasMetadata o, String run) {
    OwnerReference ref = o.getMetadata().getOwnerReferences().get(0);
    assertEquals(1, o.getMetadata().getOwnerReferences().size(), "one owner: JOSDK adds none of its own");
    assertEquals("uid-" + run, ref.getUid());
    assertTrue(ref.getController());
    assertEquals(run, o.getMetadata().getLabels().get(Protocol.LABEL_RUN), "seen by the label-selected informer");
    assertTrue(o.getMetadata().getAnnotations() == null || o.getMetadata().getAnnotations().isEmpty(),
        "no annotation: the object is as docs/PROTOCOL.md lists it");
  }

  @Test
  void theRunsObjectsAreWhatTheProtocolSays() {
    RunContext ctx = run("web", "");
    ConfigMap spec = new SpecConfigMap().desired(ctx);
    assertEquals("web-spec", spec.getMetadata().getName());
    assertTrue(spec.getData().get(Protocol.RUN_FILE_KEY).contains("name: web"));
    ConfigMap start = new StartConfigMap().desired(ctx);
    assertEquals("web-start", start.getMetadata().getName());
    assertTrue(start.getData() == null || start.getData().isEmpty(), "the start instant is not there yet");
    ServiceAccount sa = new RunnerAccount().desired(ctx);
    Role role = new RunnerRole().desired(ctx);
    RoleBinding binding = new RunnerRoleBinding().desired(ctx);
    assertEquals(List.of("web-result-a-0", "web-result-a-1", "web-result-b-0"),
        role.getRules().get(0).getResourceNames(), "update only this run's result ConfigMaps");
    assertEquals(List.of("web-start"), role.getRules().get(1).getResourceNames());
    assertEquals("web-runner", binding.getRoleRef().getName());
    assertEquals("web-runner", binding.getSubjects().get(0).getName());
    for (HasMetadata o : List.of(spec, start, sa, role, binding)) {
      ownedByTheRun(o, "web");
    }
  }

  @Test
  void theRunnersIdentityIsMadeOnlyForRunsThatUseIt() {
    assertTrue(UsesRunAccount.holds(run("own", "")));
    assertTrue(UsesRunAccount.holds(run("named", "  runner: {serviceAccountName: named-runner}\n")),
        "naming the per-run account is using it");
    assertFalse(UsesRunAccount.holds(run("other", "  runner: {serviceAccountName: deployer}\n")));
  }

  @Test
  void anObjectMapsToTheRunItsLabelNamesAndAnUnlabelledOneToNone() {
    ConfigMap labelled = new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("team")
        .withLabels(Map.of(Protocol.LABEL_RUN, "web")).endMetadata().build();
    assertEquals(Set.of(new ResourceID("web", "team")), new SpecConfigMap().toPrimaryResourceIDs(labelled));
    ConfigMap bare = new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("team").endMetadata().build();
    assertEquals(Set.of(), new SpecConfigMap().toPrimaryResourceIDs(bare));
  }
}
