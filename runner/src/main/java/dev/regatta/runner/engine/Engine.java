package dev.regatta.runner.engine;

import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.workload.RunContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs plans in order, each {@code repeats} times: prepare and connect (unmeasured), then per repeat a
 * warm-up and a measured window. Results are handed to the listener as they are made, so a failure later
 * on keeps the scenarios that finished.
 */
public final class Engine {
  /** Progress callbacks; all optional. */
  public interface Listener {
    default void preparing(ScenarioPlan plan) {}

    default void measuring(ScenarioPlan plan, int repeat) {}

    default void measured(ScenarioPlan plan, ScenarioResult result) {}

    /** As {@link #measured(ScenarioPlan, ScenarioResult)}, with the workload's client line (or null). */
    default void measured(ScenarioPlan plan, ScenarioResult result, String client) {
      measured(plan, result);
    }

    /** Called once, just before the first measured window's warm-up begins. */
    default void firstWindow() {}

    /** This pod waits out a point of a pods axis that needs fewer pods than the fleet. */
    default void idle(ScenarioPlan plan) {}

    /**
     * A stop ended the run early; nothing runs after this call. {@code cut} is the window it cut short (already
     * handed to {@link #measured}, counting the time it measured), or null when it came between windows or in
     * a warm-up.
     */
    default void stopped(ScenarioPlan plan, ScenarioResult cut) {}
  }

  private final RunContext ctx;
  private final Listener listener;
  private final int podOrdinal;
  private final StopSignal stop;

  public Engine(RunContext ctx, Listener listener) {
    this(ctx, listener, 0);
  }

  public Engine(RunContext ctx, Listener listener, int podOrdinal) {
    this(ctx, listener, podOrdinal, StopSignal.NEVER);
  }

  /**
   * @param podOrdinal this pod's place in the fleet (placement order, from 0): at a point of a {@code pods} matrix
   *     axis only the first {@code pods} pods drive load; the others prepare it as well, then wait as long as it
   *     lasts, so that every pod reaches the next point together
   * @param stop ends the window in progress and the run (pod mode's SIGTERM)
   */
  public Engine(RunContext ctx, Listener listener, int podOrdinal, StopSignal stop) {
    this.ctx = ctx;
    this.listener = listener == null ? new Listener() {} : listener;
    this.podOrdinal = podOrdinal;
    this.stop = stop;
  }

  public List<ScenarioResult> run(List<ScenarioPlan> plans) throws Exception {
    return run(plans, null);
  }

  /**
   * @param firstPrepared the first plan already prepared (pod mode prepares it before reporting ready), or
   *     null; it is closed here
   */
  public List<ScenarioResult> run(List<ScenarioPlan> plans, PreparedPlan firstPrepared) throws Exception {
    List<ScenarioResult> results = new ArrayList<>();
    boolean first = true;
    for (int i = 0; i < plans.size(); i++) {
      ScenarioPlan plan = plans.get(i);
      PreparedPlan prepared = i == 0 && firstPrepared != null ? firstPrepared : null;
      if (stop.requested()) {
        if (prepared != null) {
          prepared.close();
        }
        listener.stopped(plan, null);
        return results;
      }
      if (prepared == null) {
        listener.preparing(plan);
        prepared = PreparedPlan.open(plan, ctx);
      }
      try (PreparedPlan p = prepared) {
        if (!plan.activeFor(podOrdinal)) {
          listener.idle(plan);
          if (stop.sleepUntil(p.releaseAtOr(java.time.Instant.now()).plus(plan.plannedLength()))) {
            listener.stopped(plan, null);
            return results;
          }
          continue;
        }
        for (int r = 0; r < plan.repeats(); r++) {
          if (stop.requested()) {
            listener.stopped(plan, null);
            return results;
          }
          if (first) {
            listener.firstWindow();
            first = false;
          }
          listener.measuring(plan, r);
          ScenarioResult result = p.measure(r, stop);
          if (p.lastWindowCut() && result.durationSeconds() <= 0) {
            listener.stopped(plan, null); // stopped in the warm-up: nothing of this window was measured
            return results;
          }
          results.add(result);
          listener.measured(plan, result, p.clientNote());
          if (p.lastWindowCut()) {
            listener.stopped(plan, result);
            return results;
          }
        }
      }
    }
    return results;
  }
}
