package dev.regatta.validation;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.units.Durations;
import java.time.Duration;
import java.util.List;

/**
 * spec.liveInterval: at least 1s (the CRD's CEL rule says the same), and not longer than any scenario's measured
 * window, since an interval longer than the window would never close before the window ends and the live view
 * would show nothing for it. Windows bounded by iterations alone have no known length and are not compared.
 */
final class LiveRules {
  static final Duration MIN = Duration.ofSeconds(1);

  private LiveRules() {}

  static void liveInterval(Checks c, BenchmarkRunSpec spec) {
    String f = "spec.liveInterval";
    String text = spec.getLiveInterval();
    if (text == null) {
      return;
    }
    int before = c.violations.size();
    c.duration(f, text);
    if (c.violations.size() != before) {
      return;
    }
    Duration interval = Durations.parse(text);
    if (interval.compareTo(MIN) < 0) {
      c.fail(f, text + " is shorter than 1s: a live interval must be at least 1s");
      return;
    }
    List<Scenario> scenarios = spec.getScenarios() == null ? List.of() : spec.getScenarios();
    for (Scenario s : scenarios) {
      Duration window = window(s, spec.getDefaults());
      if (window != null && interval.compareTo(window) > 0) {
        c.fail(f, text + " is longer than the measured window of scenario " + dev.regatta.units.Humanize.quote(
            s.getName()) + " (" + Durations.format(window) + "): use at most " + Durations.format(window));
        return;
      }
    }
  }

  /** A scenario's measured window as ScenarioPlan decides it, or null when only iterations bound it or unreadable. */
  private static Duration window(Scenario s, ScenarioDefaults d) {
    if (s == null) {
      return null;
    }
    boolean own = s.getIterations() != null || s.getDuration() != null;
    String text = own ? s.getDuration() : d == null ? null : d.getDuration();
    Long iterations = own ? s.getIterations() : d == null ? null : d.getIterations();
    if (text == null && iterations == null) {
      text = ScenarioDefaults.DEFAULT_DURATION;
    }
    if (text == null || !Durations.isValid(text)) {
      return null;
    }
    try {
      Duration w = Durations.parse(text);
      return w.isZero() ? null : w;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
