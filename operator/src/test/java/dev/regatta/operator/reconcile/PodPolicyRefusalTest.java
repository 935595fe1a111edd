package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.OperatorConfig;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.policy.PodSecurityStandards.Level;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.operator.testing.Harness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The run, on the mock API with the real operator: a run that asks for the operator's own service account
 * and a privileged, root runner is refused by default, naming the fields, and nothing is created for it; with an
 * administrator's policy that allows both, the same run gets exactly that pod.
 */
class PodPolicyRefusalTest {
  private static String privilegedRun(String name) {
    return Harness.threeGroups(name).replace("  placements:\n", """
          runner:
            serviceAccountName: regatta-operator
            securityContext: {privileged: true, runAsUser: 0, runAsNonRoot: false}
            podSecurityContext: {runAsUser: 0, runAsNonRoot: false}
          placements:
        """);
  }

  private static String foreignAccountRun(String name) {
    return Harness.threeGroups(name).replace("  placements:\n", """
          runner:
            serviceAccountName: regatta-operator
          placements:
        """);
  }

  private static String withPassword(String name, String secret) {
    return Harness.threeGroups(name).replace("redis: {url: \"redis://127.0.0.1:6379\", key: blob}",
        "redis: {url: \"redis://127.0.0.1:6379\", key: blob, passwordSecret: {name: " + secret + ", key: p}}");
  }

  @Test
  void byDefaultAPrivilegedRunnerAndAForeignAccountAreRefusedNamingTheFields() {
    try (Harness h = new Harness()) {
      h.cluster.startOperator();
      h.create(privilegedRun("root"));
      h.create(foreignAccountRun("borrow"));
      BenchmarkRun root = h.awaitPhase("root", Phase.Failed);
      Condition accepted = root.getStatus().condition(Conditions.ACCEPTED);
      assertEquals("False", accepted.getStatus());
      assertEquals("PodPolicyRefused", accepted.getReason());
      String m = accepted.getMessage();
      assertTrue(m.contains("spec.runner.serviceAccountName: the run asks for service account \"regatta-operator\"; "
          + "this operator allows only the per-run account"), m);
      assertTrue(m.contains("spec.runner.securityContext.privileged: true"), m);
      assertTrue(m.contains("spec.runner.securityContext.runAsUser: 0"), m);
      assertTrue(m.contains("spec.runner.podSecurityContext.runAsNonRoot: false"), m);
      assertTrue(m.contains("REGATTA_POD_POLICY"), "says how an administrator would allow it: " + m);
      assertEquals("PodPolicyRefused", root.getStatus().condition(Conditions.COMPLETED).getReason());

      BenchmarkRun borrow = h.awaitPhase("borrow", Phase.Failed);
      assertTrue(borrow.getStatus().getMessage().startsWith("refused by the pod policy: spec.runner.serviceAccountName:"),
          borrow.getStatus().getMessage());
      Harness.await("Warning Events").until(() -> h.events("root").stream().anyMatch(e -> "Warning".equals(e.getType())
          && "PodPolicyRefused".equals(e.getReason())));
      for (String run : new String[] {"root", "borrow"}) {
        assertTrue(h.jobs(run).isEmpty(), run + ": no Job");
        assertTrue(h.client.configMaps().inNamespace(Harness.NS).withLabel("regatta.dev/run", run).list().getItems()
            .isEmpty(), run + ": nothing at all is created");
      }

      h.create(Harness.threeGroups("plain"));
      h.awaitPhase("plain", Phase.Starting);
      assertEquals("plain-runner", h.job("plain-us").getSpec().getTemplate().getSpec().getServiceAccountName(),
          "an ordinary run still goes ahead");
    }
  }

  @Test
  void anAdministratorCanAllowThemAndThenTheRunGetsWhatItAskedFor() {
    try (Harness h = new Harness()) {
      h.cluster.startOperator(OperatorConfig.local()
          .withPodPolicy(new PodPolicy(Level.PRIVILEGED, Set.of("regatta-operator"))));
      h.create(privilegedRun("root"));
      h.awaitPhase("root", Phase.Starting);
      PodSpec pod = h.job("root-us").getSpec().getTemplate().getSpec();
      assertEquals("regatta-operator", pod.getServiceAccountName());
      assertTrue(pod.getContainers().get(0).getSecurityContext().getPrivileged());
      assertEquals(0L, pod.getContainers().get(0).getSecurityContext().getRunAsUser());
      assertEquals(null, h.client.serviceAccounts().inNamespace(Harness.NS).withName("root-runner").get(),
          "no per-run account when the run uses an allowed one");
      assertEquals(null, h.client.rbac().roles().inNamespace(Harness.NS).withName("root-runner").get());
      assertEquals(null, h.client.rbac().roleBindings().inNamespace(Harness.NS).withName("root-runner").get());
    }
    try (Harness h = new Harness()) {
      // Only Secrets an administrator labelled: the run that names another is refused before anything is made.
      h.cluster.startOperator(OperatorConfig.local()
          .withPodPolicy(new PodPolicy(Level.RESTRICTED, Set.of(), PodPolicy.Secrets.LABELLED)));
      for (String name : new String[] {"open", "closed"}) {
        h.client.secrets().inNamespace(Harness.NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata().withName(name).withLabels(name.equals("open") ? java.util.Map.of(PodPolicy.USABLE_LABEL,
                "true") : java.util.Map.of()).endMetadata().addToStringData("p", "x").build()).create();
      }
      h.create(withPassword("uses-open", "open"));
      h.create(withPassword("uses-closed", "closed"));
      h.awaitPhase("uses-open", Phase.Starting);
      BenchmarkRun closed = h.awaitPhase("uses-closed", Phase.Failed);
      assertEquals("PodPolicyRefused", closed.getStatus().condition(Conditions.ACCEPTED).getReason());
      assertTrue(closed.getStatus().getMessage().contains("spec.scenarios[0].redis.passwordSecret.name: Secret "
          + "\"closed\" is not labelled regatta.dev/usable-by-runs=true"), closed.getStatus().getMessage());
      assertTrue(h.jobs("uses-closed").isEmpty());
    }
    try (Harness h = new Harness()) {
      // Allowing the account does not allow privilege: each is its own setting.
      h.cluster.startOperator(OperatorConfig.local()
          .withPodPolicy(new PodPolicy(Level.RESTRICTED, Set.of("regatta-operator"))));
      h.create(foreignAccountRun("borrow"));
      h.create(privilegedRun("root"));
      h.awaitPhase("borrow", Phase.Starting);
      BenchmarkRun root = h.awaitPhase("root", Phase.Failed);
      assertFalse(root.getStatus().getMessage().contains("serviceAccountName"), root.getStatus().getMessage());
      assertTrue(root.getStatus().getMessage().contains("spec.runner.securityContext.privileged"));
    }
  }
}
