package dev.regatta.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import dev.regatta.api.read.ShapeCheck;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.units.Humanize;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The operator's own check of a run: every rule of the CRD schema and its CEL rules, plus what a schema cannot
 * say (name lengths, matrix parameters and points, sizes, credentials in URLs, header injection). A cluster
 * without CEL, the local API and the runner's command line all get the same answer, naming the field.
 *
 * <p>Rules a person is likely to break are checked one by one with a message in words, by one rule class per
 * part of the spec (placements, pod template, scenarios and their load, each workload kind, the matrix,
 * thresholds); a last pass checks the spec against the whole CRD schema ({@link ShapeCheck#validate}), so no
 * bound of the CRD goes unchecked here. Messages quote at most a short prefix of any value
 * ({@link Humanize#quote}).
 */
public final class SpecValidator {
  public static final int MAX_TOTAL_PODS = Limits.MAX_PODS;
  /** Job pods are named JOB-INDEX-xxxxx and must stay within 63 characters. */
  public static final int MAX_JOB_NAME = 52;
  /** The run name prefixes Job, pod and ConfigMap names. */
  public static final int MAX_RUN_NAME = 40;
  /** The CRD's maxProperties on a scenario's matrix. */
  public static final int MAX_MATRIX_PARAMETERS = Limits.MAX_MATRIX_PARAMETERS;
  /** How many violations {@link #describe} lists before it only counts the rest. */
  public static final int MAX_DESCRIBED = 10;

  /**
   * Writes a spec as JSON for the schema pass with every field it holds, empty ones too (the types leave empty
   * strings and lists out, which would hide an empty imagePullPolicy from the schema's pattern).
   */
  private static final ObjectMapper TREE = new ObjectMapper().setAnnotationIntrospector(
      new JacksonAnnotationIntrospector() {
        @Override
        public JsonInclude.Value findPropertyInclusion(Annotated a) {
          return JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL);
        }
      });

  private SpecValidator() {}

  /** Every violation in the run, in field order; empty when the run is valid. */
  public static List<Violation> validate(BenchmarkRun run) {
    Checks c = new Checks(false);
    String name = run.getMetadata() == null ? null : run.getMetadata().getName();
    PlacementRules.runName(c, name);
    guarded(c, () -> spec(c, run.getSpec(), name));
    return c.violations;
  }

  /** Validates a spec on its own (no run name, so name-length rules are skipped). */
  public static List<Violation> validate(BenchmarkRunSpec spec) {
    Checks c = new Checks(false);
    guarded(c, () -> spec(c, spec, null));
    return c.violations;
  }

  /**
   * A check that throws is a bug here, but the run must still end with an answer rather than an exception
   * retried forever: it fails, and the message says the spec could not be checked.
   */
  private static void guarded(Checks c, Runnable check) {
    try {
      check.run();
    } catch (RuntimeException e) {
      c.fail("spec", "could not be checked (" + e.getClass().getSimpleName() + "); please report this run");
    }
  }

  /**
   * One scenario as the runner's command line runs it (flags instead of a run file): the same rules, except that
   * a URL may carry credentials, since nothing is copied anywhere. Fields are named from the scenario down
   * ({@code http.headers.X-A}, {@code load.connections}).
   */
  public static List<Violation> validateCommandLine(Scenario scenario) {
    BenchmarkRunSpec spec = new BenchmarkRunSpec();
    spec.setPlacements(List.of(new Placement("cli", 1, null, null)));
    spec.setScenarios(List.of(scenario));
    Checks c = new Checks(true);
    spec(c, spec, null);
    String prefix = "spec.scenarios[0]";
    return c.violations.stream().map(x -> x.field().startsWith(prefix + ".")
        ? new Violation(x.field().substring(prefix.length() + 1), x.message())
        : x.field().equals(prefix) ? new Violation("scenario", x.message()) : x).toList();
  }

  /**
   * One message for all violations, e.g. for a condition: the first {@value #MAX_DESCRIBED}, then how many more.
   * Bounded whatever the spec holds (each violation is, see {@link Violation}).
   */
  public static String describe(List<Violation> violations) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < violations.size() && i < MAX_DESCRIBED; i++) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(violations.get(i));
    }
    if (violations.size() > MAX_DESCRIBED) {
      b.append("; and ").append(violations.size() - MAX_DESCRIBED).append(" more");
    }
    return b.toString();
  }

  private static void spec(Checks c, BenchmarkRunSpec spec, String runName) {
    if (spec == null) {
      c.fail("spec", "is required");
      return;
    }
    if (spec.unreadable() != null) {
      // Nothing else can be said of a spec whose JSON does not fit the types: its fields are empty.
      c.violations.addAll(spec.unreadable().violations());
      return;
    }
    PodTemplateRules.runner(c, "spec.runner", spec.getRunner());
    PlacementRules.placements(c, spec.getPlacements(), runName);
    PodTemplateRules.sidecars(c, spec.getSidecars());
    if (spec.getDefaults() != null) {
      LoadRules.defaults(c, "spec.defaults", spec.getDefaults());
    }
    ScenarioRules.scenarios(c, spec);
    PodTemplateRules.results(c, spec.getResults());
    c.positiveDuration("spec.timeout", spec.getTimeout());
    c.positiveDuration("spec.startTimeout", spec.getStartTimeout());
    c.duration("spec.startDelay", spec.getStartDelay());
    c.duration("spec.ttlAfterFinished", spec.getTtlAfterFinished());
    LiveRules.liveInterval(c, spec);
    c.violations.addAll(ThresholdRules.check(spec));
    BaselineRules.baseline(c, spec.getBaseline(), runName);
    schema(c, spec);
  }

  /** The whole CRD schema, for every bound not checked above; one message per field. */
  private static void schema(Checks c, BenchmarkRunSpec spec) {
    Set<String> named = new HashSet<>();
    c.violations.forEach(v -> named.add(v.field()));
    for (Violation v : ShapeCheck.validate(TREE.valueToTree(spec))) {
      if (named.add(v.field())) {
        c.violations.add(v);
      }
    }
  }
}
