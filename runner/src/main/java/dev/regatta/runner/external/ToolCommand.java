package dev.regatta.runner.external;

import dev.regatta.api.v1alpha1.ExternalWorkload;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.runner.workload.SecretEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The argv and environment of one window's tool process. Parameters reach the tool as REGATTA_PARAM_<NAME> and
 * as {{name}} in args; values are substituted into argv elements, never parsed by a shell, so a hostile value
 * stays one argument. The environment is built from scratch: the runner's own (which may hold the run's secrets)
 * is not passed on, only PATH, HOME, LANG and TMPDIR, and the Secret keys the scenario names in secretEnv.
 */
public record ToolCommand(List<String> argv, Map<String, String> env) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR");

  /**
   * @param results the results file (absolute), or null when the tool's stdout is the results
   * @param measuredStartEpochMillis when the measured window starts (after warm-up), epoch milliseconds
   */
  public static ToolCommand of(ExternalWorkload w, ScenarioPlan plan, int repeat, Path results,
      long measuredStartEpochMillis, Map<String, String> runnerEnv) {
    Map<String, String> values = new LinkedHashMap<>(plan.params());
    double warmup = plan.warmup() == null ? 0 : plan.warmup().toMillis() / 1000.0;
    double duration = plan.duration() == null ? 0 : plan.duration().toMillis() / 1000.0;
    values.put("repeat", Integer.toString(repeat));
    values.put("warmupSeconds", seconds(warmup));
    values.put("durationSeconds", seconds(duration));
    values.put("results", results == null ? "" : results.toString());

    List<String> argv = new ArrayList<>(w.getCommand());
    for (String a : w.getArgs() == null ? List.<String>of() : w.getArgs()) {
      argv.add(substitute(a, values));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : INHERITED) {
      if (runnerEnv.get(name) != null) {
        env.put(name, runnerEnv.get(name));
      }
    }
    if (w.getEnv() != null) {
      env.putAll(w.getEnv());
    }
    if (w.getSecretEnv() != null) {
      // The operator hands the run's Secret keys to the runner as env (SecretRefs); only these reach the tool.
      w.getSecretEnv().forEach((name, ref) -> env.put(name, SecretEnv.get(runnerEnv, ref.getName(), ref.getKey())));
    }
    plan.params().forEach((k, v) -> env.put("REGATTA_PARAM_" + envName(k), v));
    env.put("REGATTA_SCENARIO", plan.scenario());
    env.put("REGATTA_REPEAT", Integer.toString(repeat));
    env.put("REGATTA_WARMUP_SECONDS", seconds(warmup));
    env.put("REGATTA_DURATION_SECONDS", seconds(duration));
    env.put("REGATTA_MEASURED_START_EPOCH_MS", Long.toString(measuredStartEpochMillis));
    env.put("REGATTA_MEASURED_END_EPOCH_MS", Long.toString(measuredStartEpochMillis + Math.round(duration * 1000)));
    if (results != null) {
      env.put("REGATTA_RESULTS", results.toString());
    }
    if (plan.load() != null && plan.load().getConnections() != null) {
      env.put("REGATTA_CONNECTIONS", plan.load().getConnections().toString());
    }
    if (plan.load() != null && plan.load().getRate() != null) {
      env.put("REGATTA_RATE", plan.load().getRate().toString());
    }
    return new ToolCommand(List.copyOf(argv), env);
  }

  /** A parameter name as an environment variable suffix: upper case, anything but letters and digits as _. */
  static String envName(String param) {
    return param.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  static String substitute(String arg, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      // Validation refuses unknown names; one that slips through stays visible rather than becoming "".
      m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String seconds(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }
}
