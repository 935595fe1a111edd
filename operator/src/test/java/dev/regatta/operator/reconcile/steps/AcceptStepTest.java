package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.policy.PodSecurityStandards;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A new run: accepted into Pending, or refused naming what is wrong; nothing is created either way. */
class AcceptStepTest {
  private final AcceptStep step = new AcceptStep(new PodPolicyGate(PodPolicy.restricted()));

  @Test
  void aValidRunIsAcceptedIntoPendingAndTheNextStepFollowsAtOnce() {
    StepFixture f = StepFixture.of("fresh");
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Pending, s.getPhase());
    assertEquals("spec is valid: 2 placement group(s), 3 runner pod(s)", s.getMessage());
    assertEquals(StepFixture.T0.toString(), s.getStartTime());
    assertEquals(1L, s.getObservedGeneration());
    assertEquals("0/3", s.getPodSummary());
    assertEquals(3, s.getPods().getExpected());
    assertEquals("configmaps -n team -l regatta.dev/run=fresh,regatta.dev/component=result (key result.json)",
        s.getResultsLocation());
    Condition accepted = s.condition(Conditions.ACCEPTED);
    assertEquals("True", accepted.getStatus());
    assertEquals("Valid", accepted.getReason());
    assertEquals(List.of(EventReason.Accepted), reasons(ctx));
    assertEquals(StepResult.NEXT_STEP, r.requeueAfter());
    assertTrue(f.cluster.actions.isEmpty(), "accepting creates nothing: " + f.cluster.actions);
  }

  @Test
  void aTypoIsRefusedNamingTheFieldAndNothingIsRetried() {
    StepFixture f = new StepFixture(StepFixture.yaml("typo").replace("startTimeout: 1m", "startTimeout: 1 minute"));
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    BenchmarkRunStatus s = ctx.status();
    assertEquals(Phase.Failed, s.getPhase());
    assertTrue(s.getMessage().startsWith("invalid spec: spec.startTimeout"), s.getMessage());
    for (String type : List.of(Conditions.ACCEPTED, Conditions.COMPLETED)) {
      assertEquals("False", s.condition(type).getStatus(), type);
      assertEquals("InvalidSpec", s.condition(type).getReason(), type);
    }
    assertEquals(StepFixture.T0.toString(), s.getCompletionTime());
    assertEquals(List.of(EventReason.InvalidSpec), reasons(ctx));
    assertEquals(EventReason.Type.Warning, EventReason.InvalidSpec.type());
    assertNull(r.requeueAfter(), "nothing changes until the user re-creates the run");
    assertTrue(f.cluster.actions.isEmpty());
  }

  @Test
  void aPodThePolicyForbidsIsRefusedBeforeAnythingExists() {
    StepFixture f = new StepFixture(StepFixture.yaml("root", "runner:", "  serviceAccountName: deployer",
        "  securityContext: {privileged: true, runAsUser: 0, runAsNonRoot: false}"));
    RunContext ctx = f.context();
    step.step(ctx);

    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertEquals("PodPolicyRefused", ctx.status().condition(Conditions.ACCEPTED).getReason());
    String m = ctx.status().getMessage();
    assertTrue(m.contains("spec.runner.serviceAccountName: the run asks for service account \"deployer\""), m);
    assertTrue(m.contains("spec.runner.securityContext.privileged: true"), m);
    assertEquals(List.of(EventReason.PodPolicyRefused), reasons(ctx));
  }

  @Test
  void anAdministratorsPolicyDecidesWhatIsAllowed() {
    StepFixture f = new StepFixture(StepFixture.yaml("own-account", "runner: {serviceAccountName: deployer}"));
    AcceptStep relaxed = new AcceptStep(new PodPolicyGate(
        new PodPolicy(PodSecurityStandards.Level.RESTRICTED, Set.of("deployer"))));
    RunContext ctx = f.context();
    relaxed.step(ctx);
    assertEquals(Phase.Pending, ctx.status().getPhase(), ctx.status().getMessage());
  }

  @Test
  void withLabelledSecretsOnlyASecretSoLabelledMayBeNamed() {
    String yaml = StepFixture.yaml("s3", "results:",
        "  s3: {bucket: results, endpoint: \"http://s3.local:9000\", credentialsSecret: {name: s3-creds}}");
    AcceptStep labelledOnly = new AcceptStep(new PodPolicyGate(
        new PodPolicy(PodSecurityStandards.Level.RESTRICTED, Set.of(), PodPolicy.Secrets.LABELLED)));

    StepFixture missing = new StepFixture(yaml);
    RunContext refused = missing.context();
    labelledOnly.step(refused);
    assertEquals(List.of("s3-creds"), missing.cluster.secretsRead, "looked up in the run's namespace, by name");
    assertEquals("PodPolicyRefused", refused.status().condition(Conditions.ACCEPTED).getReason());
    assertTrue(refused.status().getMessage().contains("Secret \"s3-creds\" does not exist"),
        refused.status().getMessage());

    StepFixture labelled = new StepFixture(yaml);
    labelled.cluster.secrets.put("s3-creds", new SecretBuilder().withNewMetadata().withName("s3-creds")
        .withLabels(Map.of(PodPolicy.USABLE_LABEL, "true")).endMetadata().build());
    RunContext accepted = labelled.context();
    labelledOnly.step(accepted);
    assertEquals(Phase.Pending, accepted.status().getPhase(), accepted.status().getMessage());
    assertEquals("s3://results/regatta/team/s3/", accepted.status().getResultsLocation());
  }
}
