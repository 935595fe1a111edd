package dev.regatta.validation;

import dev.regatta.api.v1alpha1.ExternalWorkload;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.units.Humanize;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An external scenario: argv a process can be started with (no empty executable, no NUL byte, which no argv can
 * carry), environment names a process can have and that do not shadow the runner's REGATTA_* variables, and
 * placeholders that name something the runner can fill in.
 */
final class ExternalRules {
  /** {{name}}: what args may hold; see docs/WORKLOADS.md. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
  static final Set<String> BUILT_IN = Set.of("repeat", "warmupSeconds", "durationSeconds", "results");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ExternalRules() {}

  static void check(Checks c, String f, ExternalWorkload w) {
    List<String> command = w.getCommand();
    if (command == null || command.isEmpty()) {
      c.fail(f + ".command", "is required: the executable and its first arguments, e.g. [python3, load.py]");
    } else {
      c.required(f + ".command[0]", command.get(0));
      argv(c, f + ".command", command);
    }
    argv(c, f + ".args", w.getArgs());
    env(c, f + ".env", w.getEnv());
    secretEnv(c, f + ".secretEnv", w);
    if (w.getResults() == null) {
      c.fail(f + ".results", "is required: the format (and path) of the tool's measurements");
    } else {
      if (w.getResults().getFormat() == null) {
        c.fail(f + ".results.format", "is required: jsonl, hdrhistogram-log, k6-json or wrk-latency");
      }
      String path = w.getResults().getPath();
      if (path != null && (path.isBlank() || path.indexOf('\0') >= 0)) {
        c.fail(f + ".results.path", "must be a file name (or left out for the tool's standard output)");
      }
    }
    c.positiveDuration(f + ".gracePeriod", w.getGracePeriod());
  }

  /** Placeholders in args must name a matrix parameter of the scenario or a built-in. */
  static void placeholders(Checks c, String f, Scenario s) {
    ExternalWorkload w = s.getExternal();
    if (s.getIterations() != null) {
      c.fail(f.substring(0, f.lastIndexOf('.')) + ".iterations", "an external tool decides how many requests it makes: "
          + "give it a duration (the runner stops the tool after it) and pass a count as a matrix parameter");
    }
    List<String> args = w.getArgs() == null ? List.of() : w.getArgs();
    Set<String> params = s.getMatrix() == null ? Set.of() : s.getMatrix().keySet();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) == null) {
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(args.get(i));
      while (m.find()) {
        String name = m.group(1);
        if (!params.contains(name) && !BUILT_IN.contains(name)) {
          c.fail(f + ".args[" + i + "]", "{{" + Humanize.quote(name) + "}} names no matrix parameter of this scenario "
              + "(" + params + ") and none of " + BUILT_IN);
        }
      }
    }
  }

  private static void argv(Checks c, String f, List<String> items) {
    if (items == null) {
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      String a = items.get(i);
      if (a == null) {
        c.fail(f + "[" + i + "]", "is null");
      } else if (a.indexOf('\0') >= 0) {
        c.fail(f + "[" + i + "]", "holds a NUL character, which no process argument can");
      } else if (a.length() > Limits.MAX_ARG) {
        c.fail(f + "[" + i + "]", "must be at most " + Limits.MAX_ARG + " characters, got " + a.length());
      }
    }
  }

  private static void env(Checks c, String f, Map<String, String> env) {
    if (env == null) {
      return;
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      envName(c, f, name);
      if (e.getValue() == null) {
        c.fail(f + "." + name, "needs a value");
      } else if (e.getValue().indexOf('\0') >= 0) {
        c.fail(f + "." + name, "holds a NUL character, which no environment variable can");
      }
    }
  }

  private static void envName(Checks c, String f, String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      c.fail(f + "." + name, "is not an environment variable name (letters, digits and _, not first a digit)");
    } else if (name.startsWith("REGATTA_")) {
      c.fail(f + "." + name, "REGATTA_* variables are the runner's (parameters, repeat, window): use another name");
    }
  }

  /** Secret-fed variables: a Secret name and key each, and never a second value for a name env sets too. */
  private static void secretEnv(Checks c, String f, ExternalWorkload w) {
    if (w.getSecretEnv() == null) {
      return;
    }
    for (Map.Entry<String, SecretKeySelector> e : w.getSecretEnv().entrySet()) {
      String name = e.getKey();
      envName(c, f, name);
      if (w.getEnv() != null && w.getEnv().containsKey(name)) {
        c.fail(f + "." + name, "is also set in env: give each variable one value");
      }
      if (e.getValue() == null) {
        c.fail(f + "." + name, "needs {name, key} of a Secret");
      } else {
        c.required(f + "." + name + ".name", e.getValue().getName());
        c.required(f + "." + name + ".key", e.getValue().getKey());
      }
    }
  }
}
