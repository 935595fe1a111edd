package dev.regatta.local.standins;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.MatrixAxis;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.units.Durations;
import java.time.Duration;
import dev.regatta.matrix.ScenarioPlan;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;

/**
 * Scales a run down without touching its file: caps measured durations, warm-ups, iterations and repeats,
 * pods per placement, and values per matrix axis. For tests and a quick look; the applied run says it was
 * scaled in an annotation.
 */
public record RunScaler(Duration maxDuration, Integer maxPods, Integer maxAxisValues, Integer maxRepeats,
    Long maxIterations) {
  public static final String ANNOTATION = "regatta.dev/local-scaled";

  public boolean isIdentity() {
    return maxDuration == null && maxPods == null && maxAxisValues == null && maxRepeats == null && maxIterations == null;
  }

  public BenchmarkRun apply(BenchmarkRun run) {
    if (isIdentity()) {
      return run;
    }
    BenchmarkRunSpec spec = run.getSpec();
    ScenarioDefaults defaults = spec.getDefaults() == null ? new ScenarioDefaults() : spec.getDefaults();
    cap(defaults);
    if (maxDuration != null && spec.getThresholds() != null) {
      // a grace period no scaled window outlasts would make the scaled run invalid: half the capped window
      Duration half = maxDuration.dividedBy(2);
      for (var t : spec.getThresholds()) {
        if (t.getDelayAbortEval() != null && Durations.isValid(t.getDelayAbortEval())
            && Durations.parse(t.getDelayAbortEval()).compareTo(half) > 0) {
          t.setDelayAbortEval(Durations.format(half));
        }
      }
    }
    for (Scenario s : spec.getScenarios()) {
      cap(s);
      if (maxDuration != null && s.getDuration() == null && s.getIterations() == null && defaults.getDuration() == null
          && defaults.getIterations() == null) {
        // the runner's default (10s) would apply: name the cap instead
        s.setDuration(Durations.format(maxDuration));
      }
      if (maxAxisValues != null && s.getMatrix() != null) {
        for (MatrixAxis axis : s.getMatrix().values()) {
          if (axis.getValues() != null && axis.getValues().size() > maxAxisValues) {
            axis.setValues(new ArrayList<>(axis.getValues().subList(0, maxAxisValues)));
          }
          if (axis.getPowersOfTwo() != null) {
            var p = axis.getPowersOfTwo();
            p.setTo(Math.min(p.getTo(), p.getFrom() + maxAxisValues - 1));
          }
          // labels name values one to one: they go with the values kept
          if (axis.getLabels() != null && axis.getLabels().size() > maxAxisValues) {
            axis.setLabels(new ArrayList<>(axis.getLabels().subList(0, maxAxisValues)));
          }
        }
      }
      if (maxIterations != null && s.getStream() != null && s.getStream().getTasks() != null
          && s.getStream().getTasks() > maxIterations) {
        // a stream's tasks are its iterations: the window ends when they are done
        s.getStream().setTasks((int) Math.min(Integer.MAX_VALUE, maxIterations));
      }
    }
    if (maxPods != null) {
      for (Placement p : spec.getPlacements()) {
        p.setPods(Math.min(p.getPods(), maxPods));
      }
      capPodsAxes(spec);
    }
    if (maxDuration != null && spec.getStartDelay() != null
        && Durations.parse(spec.getStartDelay()).compareTo(Duration.ofSeconds(1)) > 0) {
      spec.setStartDelay("1s");
    }
    if (run.getMetadata().getAnnotations() == null) {
      run.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
    }
    run.getMetadata().getAnnotations().put(ANNOTATION, describe());
    return run;
  }

  /** A pods axis may not ask for more pods than the scaled fleet has: its larger values go, with their labels. */
  private static void capPodsAxes(BenchmarkRunSpec spec) {
    int fleet = spec.totalPods();
    for (Scenario s : spec.getScenarios()) {
      MatrixAxis axis = s.getMatrix() == null ? null : s.getMatrix().get(ScenarioPlan.PODS);
      if (axis == null || axis.getValues() == null) {
        continue;
      }
      List<IntOrString> values = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < axis.getValues().size(); i++) {
        IntOrString v = axis.getValues().get(i);
        Integer n = v.getIntVal() != null ? v.getIntVal() : parse(v.getStrVal());
        if (n == null || n <= fleet) {
          values.add(v);
          if (axis.getLabels() != null && i < axis.getLabels().size()) {
            labels.add(axis.getLabels().get(i));
          }
        }
      }
      if (values.isEmpty()) {
        values.add(new IntOrString(fleet));
        labels.clear();
      }
      axis.setValues(values);
      axis.setLabels(labels.size() == values.size() ? labels : new ArrayList<>());
    }
  }

  private static Integer parse(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void cap(ScenarioDefaults d) {
    if (d == null) {
      return;
    }
    if (maxDuration != null) {
      String fmt = Durations.format(maxDuration);
      if (d.getDuration() != null && Durations.parse(d.getDuration()).compareTo(maxDuration) > 0) {
        d.setDuration(fmt);
      }
      if (d.getWarmup() != null && Durations.parse(d.getWarmup()).compareTo(maxDuration) > 0) {
        d.setWarmup(fmt);
      }
      if (d.getLoad() != null && d.getLoad().getStages() != null && !d.getLoad().getStages().isEmpty()) {
        long per = Math.max(1, maxDuration.toMillis() / d.getLoad().getStages().size());
        d.getLoad().getStages().forEach(st -> st.setDuration(per + "ms"));
        if (d.getDuration() != null) {
          d.setDuration(Durations.format(Duration.ofMillis(per * d.getLoad().getStages().size())));
        }
      }
    }
    if (maxIterations != null && d.getIterations() != null && d.getIterations() > maxIterations) {
      d.setIterations(maxIterations);
    }
    if (maxRepeats != null && d.getRepeats() != null && d.getRepeats() > maxRepeats) {
      d.setRepeats(maxRepeats);
    }
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    if (maxDuration != null) {
      sb.append("maxDuration=").append(Durations.format(maxDuration)).append(' ');
    }
    if (maxPods != null) {
      sb.append("maxPods=").append(maxPods).append(' ');
    }
    if (maxAxisValues != null) {
      sb.append("maxAxisValues=").append(maxAxisValues).append(' ');
    }
    if (maxRepeats != null) {
      sb.append("maxRepeats=").append(maxRepeats).append(' ');
    }
    if (maxIterations != null) {
      sb.append("maxIterations=").append(maxIterations);
    }
    return sb.toString().trim();
  }
}
