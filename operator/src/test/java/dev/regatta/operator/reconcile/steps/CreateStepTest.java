package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.NameTaken;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.StepResult;
import dev.regatta.operator.reconcile.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pending: what the pods need first, then the Jobs; a partly created run resumes; a name taken is never adopted. */
class CreateStepTest {
  private final CreateStep step = new CreateStep(new PodPolicyGate(PodPolicy.restricted()));

  private static StepFixture pending(String name) {
    return StepFixture.of(name).in(Phase.Pending);
  }

  @Test
  void createsTheRunsObjectsThenOneResultConfigMapPerPodThenTheJobsAndGoesToStarting() {
    StepFixture f = pending("web");
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    assertEquals(List.of("runObjects", "create result ConfigMaps 3", "create Jobs 2"), f.cluster.actions);
    assertEquals(List.of("web-result-a-0", "web-result-a-1", "web-result-b-0", "web-a", "web-b"),
        f.cluster.created.stream().map(o -> o.getMetadata().getName()).toList());
    for (HasMetadata o : f.cluster.created) {
      OwnerReference owner = NameTaken.controller(o);
      assertEquals("uid-web", owner.getUid(), o.getMetadata().getName() + " is the run's own");
    }
    assertEquals(Phase.Starting, ctx.status().getPhase());
    assertEquals("created 2 Job(s); waiting for 3 runner(s) to report ready (startTimeout 1m)",
        ctx.status().getMessage());
    assertEquals("0/3 runners ready", ctx.status().condition(Conditions.RUNNERS_READY).getMessage());
    assertEquals("Waiting", ctx.status().condition(Conditions.RUNNERS_READY).getReason());
    assertEquals(List.of(EventReason.Starting), reasons(ctx));
    assertEquals(Duration.ofMinutes(1).plusMillis(50), r.requeueAfter(), "looked at again at startTimeout");
  }

  @Test
  void aPartlyCreatedRunCreatesOnlyWhatIsMissing() {
    StepFixture f = pending("resumed");
    BenchmarkRun run = f.run;
    RunObjects.Slot first = RunObjects.slots("resumed", run.getSpec()).get(0);
    f.maps.put(first.resultMap(), RunObjects.resultMap(run, first));
    Job a = dev.regatta.operator.jobs.JobFactory.job(run, run.getSpec(), run.getSpec().getPlacements().get(0));
    f.jobs.put(a.getMetadata().getName(), a);
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals(List.of("runObjects", "create result ConfigMaps 2", "create Jobs 1"), f.cluster.actions);
    assertEquals(Phase.Starting, ctx.status().getPhase());
  }

  @Test
  void aJobNameThatIsAnotherLiveRunsFailsTheRunBeforeAnythingIsCreated() {
    StepFixture f = pending("web");
    BenchmarkRun other = new BenchmarkRun();
    other.setMetadata(new ObjectMetaBuilder().withName("we").withNamespace(StepFixture.NS).withUid("uid-we").build());
    f.cluster.apiRuns.put("we", other);
    f.cluster.apiJobs.put("web-b", new JobBuilder().withNewMetadata().withName("web-b")
        .withOwnerReferences(owner("we", "uid-we")).endMetadata().build());
    RunContext ctx = f.context();
    StepResult r = step.step(ctx);

    assertTrue(f.cluster.actions.isEmpty(), "nothing created: " + f.cluster.actions);
    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertEquals("NameCollision", ctx.status().condition(Conditions.ACCEPTED).getReason());
    assertTrue(ctx.status().getMessage().startsWith("name collision: Job web-b already belongs to run we: "),
        ctx.status().getMessage());
    assertEquals(List.of(EventReason.NameCollision), reasons(ctx));
    assertNull(r.requeueAfter());
  }

  @Test
  void anAccountSomebodyElseMadeFailsTheRunAndDeletesTheJobsItHadMade() {
    StepFixture f = pending("deploy");
    f.cluster.failRunObjects = new NameTaken("ServiceAccount", "deploy-runner", null, false);
    Job mine = new JobBuilder().withNewMetadata().withName("deploy-a").withOwnerReferences(owner("deploy", "uid-deploy"))
        .endMetadata().build();
    Job theirs = new JobBuilder().withNewMetadata().withName("deploy-x").withOwnerReferences(owner("x", "uid-x"))
        .endMetadata().build();
    f.cluster.labelledJobs.addAll(List.of(mine, theirs));
    RunContext ctx = f.context();
    step.step(ctx);

    assertEquals(List.of("runObjects", "delete Job deploy-a"), f.cluster.actions, "only the run's own Job goes");
    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertTrue(ctx.status().getMessage().startsWith(
        "name collision: ServiceAccount deploy-runner already exists and no BenchmarkRun controls it"),
        ctx.status().getMessage());
  }

  @Test
  void aDeletedRunsLeftoverIsWaitedOutWithinStartTimeoutThenIsACollision() {
    StepFixture f = pending("again").at(Duration.ofSeconds(10));
    // The old run "again" (another uid) is gone from the API; its Job is still there, being collected.
    f.cluster.failRunObjects = new NameTaken("ConfigMap", "again-spec", owner("again", "uid-old"), false);
    RunContext waiting = f.context();
    StepResult r = step.step(waiting);
    assertEquals(Phase.Pending, waiting.status().getPhase());
    assertEquals("waiting for ConfigMap again-spec of a deleted run to be removed by the garbage collector before "
        + "creating this run's", waiting.status().getMessage());
    assertEquals(Duration.ofMillis(2050), r.requeueAfter());
    assertTrue(waiting.events().isEmpty());

    f.at(Duration.ofMinutes(1));
    RunContext late = f.context();
    step.step(late);
    assertEquals(Phase.Failed, late.status().getPhase());
    assertTrue(late.status().getMessage().contains("which was deleted, and was not removed within the run's "
        + "startTimeout"), late.status().getMessage());
  }

  @Test
  void aJobTakenBetweenTheLookUpAndTheCreateIsACollisionToo() {
    StepFixture f = pending("race");
    f.cluster.failJobs = new NameTaken("Job", "race-b", null, false);
    RunContext ctx = f.context();
    step.step(ctx);
    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertTrue(ctx.status().getMessage().startsWith("name collision: Job race-b already exists"),
        ctx.status().getMessage());
  }

  @Test
  void aPolicyMadeStricterSinceAcceptanceRefusesTheRunBeforeItsPodsExist() {
    StepFixture f = new StepFixture(StepFixture.yaml("loose", "runner: {serviceAccountName: deployer}"))
        .in(Phase.Pending);
    RunContext ctx = f.context();
    step.step(ctx); // this operator's policy is restricted: deployer is not allowed
    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertEquals("PodPolicyRefused", ctx.status().condition(Conditions.COMPLETED).getReason());
    assertTrue(f.cluster.actions.isEmpty());
  }

  private static OwnerReference owner(String run, String uid) {
    return new OwnerReferenceBuilder().withApiVersion(BenchmarkRun.API_VERSION).withKind(BenchmarkRun.KIND)
        .withName(run).withUid(uid).withController(true).build();
  }
}
