package dev.regatta.operator.reconcile.steps;

import static dev.regatta.operator.reconcile.steps.StepFixture.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.regatta.api.read.Unreadable;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.PhaseSteps;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import dev.regatta.validation.Violation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry: a step for every phase, and what is checked before the step of an active phase. */
class PhaseStepsTest {
  private final PhaseSteps steps = new PhaseSteps(PodPolicy.restricted(),
      new OperatorMetrics(new SimpleMeterRegistry()));

  @Test
  void everyPhaseHasItsStep() {
    assertInstanceOf(CreateStep.class, steps.forPhase(Phase.Pending));
    assertInstanceOf(StartingStep.class, steps.forPhase(Phase.Starting));
    assertInstanceOf(RunningStep.class, steps.forPhase(Phase.Running));
    assertInstanceOf(CollectStep.class, steps.forPhase(Phase.Collecting));
    assertInstanceOf(FinishedStep.class, steps.forPhase(Phase.Succeeded));
    assertInstanceOf(FinishedStep.class, steps.forPhase(Phase.Failed));
    StepFixture f = StepFixture.of("new");
    RunContext ctx = f.context();
    steps.step(ctx);
    assertEquals(Phase.Pending, ctx.status().getPhase(), "a run without a phase is accepted");
  }

  @Test
  void aStatusNobodyCanReadEndsTheRunInsteadOfAcceptingItAgain() {
    StepFixture f = StepFixture.of("scribbled").in(Phase.Running);
    f.run.setStatus(BenchmarkRunStatus.unreadable(new Unreadable(List.of(new Violation("status.phase",
        "must be one of Pending, Starting, Running, Collecting, Succeeded, Failed, got 'Bogus'")),
        JsonNodeFactory.instance.objectNode().put("phase", "Bogus"))));
    RunContext ctx = f.context();
    steps.step(ctx);
    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertEquals("InvalidStatus", ctx.status().condition(Conditions.COMPLETED).getReason());
    assertTrue(ctx.status().getMessage().contains("status.phase: must be one of"), ctx.status().getMessage());
    assertEquals(List.of(EventReason.InvalidStatus), reasons(ctx));
    assertTrue(f.cluster.actions.isEmpty());
  }

  @Test
  void aSpecChangedAfterAcceptanceIsRefusedOnceAndTheAcceptedSpecStays() {
    StepFixture f = StepFixture.of("frozen").in(Phase.Running).at(Duration.ofSeconds(20));
    f.run.getSpec().getPlacements().get(0).setPods(7);
    f.run.getMetadata().setGeneration(2L);
    RunContext ctx = f.context();
    steps.step(ctx);
    assertEquals("True", ctx.status().condition(Conditions.SPEC_CHANGE_REFUSED).getStatus());
    assertTrue(ctx.status().condition(Conditions.SPEC_CHANGE_REFUSED).getMessage()
        .startsWith("spec changed after the run was accepted (generation 2, accepted 1)"));
    assertEquals(List.of(EventReason.SpecChangeRefused), reasons(ctx));
    assertEquals(3, ctx.slots().size(), "the accepted spec (the spec ConfigMap's) counts, not the edit");
    assertEquals(Phase.Running, ctx.status().getPhase());

    f.run.setStatus(ctx.status());
    RunContext next = f.context();
    steps.step(next);
    assertTrue(next.events().isEmpty(), "refused once: " + next.events());
  }

  @Test
  void anAcceptedSpecThatCannotBeReadAnyMoreFailsTheRun() {
    StepFixture f = StepFixture.of("lost").in(Phase.Starting);
    f.maps.remove(Protocol.specConfigMapName("lost"));
    f.run.setSpec(BenchmarkRunSpec.unreadable(new Unreadable(List.of(new Violation("spec.placements",
        "must be a list, got an object")), JsonNodeFactory.instance.objectNode())));
    RunContext ctx = f.context();
    steps.step(ctx);
    assertEquals(Phase.Failed, ctx.status().getPhase());
    assertEquals("InvalidSpec", ctx.status().condition(Conditions.ACCEPTED).getReason());
    assertEquals("invalid spec: spec.placements: must be a list, got an object", ctx.status().getMessage());
    assertEquals(List.of(EventReason.InvalidSpec), reasons(ctx));
    assertTrue(f.cluster.actions.isEmpty());
  }
}
