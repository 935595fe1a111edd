package dev.regatta.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import dev.regatta.api.read.ShapeCheck;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Baseline;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.DescriptorSetSource;
import dev.regatta.api.v1alpha1.GrpcWorkload;
import dev.regatta.api.v1alpha1.HttpCheck;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.checks.JsonFieldPath;
import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.MatrixAxis;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.Preload;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.RunnerTemplate;
import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.api.v1alpha1.S3Endpoint;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.api.v1alpha1.Stage;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.Urls;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.MatrixExpander;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import dev.regatta.units.Sizes;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's own check of a run: every rule of the CRD schema and its CEL rules, plus what a schema cannot
 * say (name lengths, matrix parameters and points, sizes, credentials in URLs, header injection). A cluster
 * without CEL, the local API and the runner's command line all get the same answer, naming the field.
 *
 * <p>Rules a person is likely to break are checked one by one with a message in words; a last pass checks the
 * spec against the whole CRD schema ({@link ShapeCheck#validate}), so no bound of the CRD goes unchecked here.
 * Messages quote at most a short prefix of any value ({@link Humanize#quote}).
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

  private static final java.util.regex.Pattern GRPC_TARGET = java.util.regex.Pattern.compile(GrpcWorkload.TARGET);
  private static final java.util.regex.Pattern GRPC_METHOD = java.util.regex.Pattern.compile(GrpcWorkload.METHOD);
  private static final java.util.regex.Pattern GRPC_METADATA_KEY =
      java.util.regex.Pattern.compile(GrpcWorkload.METADATA_KEY);
  private static final Pattern RUN_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$");
  private static final Pattern SCENARIO_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$");
  private static final Pattern LABEL_VALUE = Pattern.compile(Placement.LABEL_VALUE);
  private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
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
  private static final Map<String, Pattern> URL_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(Limits.MAX_QUANTITY);

  private final List<Violation> violations = new ArrayList<>();
  /** The runner's command line runs on the user's own machine: a URL there may carry a password. */
  private boolean urlCredentialsAllowed;

  private SpecValidator() {}

  /** Every violation in the run, in field order; empty when the run is valid. */
  public static List<Violation> validate(BenchmarkRun run) {
    SpecValidator v = new SpecValidator();
    String name = run.getMetadata() == null ? null : run.getMetadata().getName();
    v.runName(name);
    v.guarded(() -> v.spec(run.getSpec(), name));
    return v.violations;
  }

  /** Validates a spec on its own (no run name, so name-length rules are skipped). */
  public static List<Violation> validate(BenchmarkRunSpec spec) {
    SpecValidator v = new SpecValidator();
    v.guarded(() -> v.spec(spec, null));
    return v.violations;
  }

  /**
   * A check that throws is a bug here, but the run must still end with an answer rather than an exception
   * retried forever: it fails, and the message says the spec could not be checked.
   */
  private void guarded(Runnable check) {
    try {
      check.run();
    } catch (RuntimeException e) {
      fail("spec", "could not be checked (" + e.getClass().getSimpleName() + "); please report this run");
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
    SpecValidator v = new SpecValidator();
    v.urlCredentialsAllowed = true;
    v.spec(spec, null);
    String prefix = "spec.scenarios[0]";
    return v.violations.stream().map(x -> x.field().startsWith(prefix + ".")
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

  private void fail(String field, String message) {
    violations.add(new Violation(field, message));
  }

  private void runName(String name) {
    if (name == null) {
      return;
    }
    if (name.length() > MAX_RUN_NAME) {
      fail("metadata.name", Humanize.quote(name) + " is longer than " + MAX_RUN_NAME
          + " characters (it prefixes Job, pod and ConfigMap names)");
    } else if (!RUN_NAME.matcher(name).matches()) {
      fail("metadata.name", Humanize.quote(name) + " must be lower-case letters, digits and '-', starting and "
          + "ending with a letter or digit (it prefixes Job, pod and ConfigMap names)");
    }
  }

  private void spec(BenchmarkRunSpec spec, String runName) {
    if (spec == null) {
      fail("spec", "is required");
      return;
    }
    if (spec.unreadable() != null) {
      // Nothing else can be said of a spec whose JSON does not fit the types: its fields are empty.
      violations.addAll(spec.unreadable().violations());
      return;
    }
    runner("spec.runner", spec.getRunner());
    placements(spec.getPlacements(), runName);
    sidecars(spec.getSidecars());
    if (spec.getDefaults() != null) {
      defaults("spec.defaults", spec.getDefaults());
    }
    scenarios(spec);
    if (spec.getResults() != null && spec.getResults().getS3() != null) {
      S3Bucket s3 = spec.getResults().getS3();
      required("spec.results.s3.bucket", s3.getBucket());
      endpoint("spec.results.s3", s3);
    }
    positiveDuration("spec.timeout", spec.getTimeout());
    positiveDuration("spec.startTimeout", spec.getStartTimeout());
    duration("spec.startDelay", spec.getStartDelay());
    duration("spec.ttlAfterFinished", spec.getTtlAfterFinished());
    violations.addAll(ThresholdRules.check(spec));
    baseline(spec.getBaseline(), runName);
    schema(spec);
  }

  /**
   * spec.baseline: one run of this namespace by name, or a label selector. A name with a namespace in it is
   * refused rather than read in this namespace: a run reads only runs its author can see where it lives.
   */
  private void baseline(Baseline b, String runName) {
    if (b == null) {
      return;
    }
    String f = "spec.baseline";
    boolean hasSelector = b.getSelector() != null;
    if ((b.getRun() == null) == !hasSelector) {
      fail(f, "name either run (a BenchmarkRun of this namespace) or selector (its labels), exactly one");
      return;
    }
    String run = b.getRun();
    if (run != null) {
      if (run.contains("/")) {
        fail(f + ".run", Humanize.quote(run) + ": a baseline run is in this run's namespace, write its name only "
            + "(a name cannot name a namespace)");
      } else if (!RUN_NAME.matcher(run).matches() || run.length() > 253) {
        fail(f + ".run", Humanize.quote(run) + " is not a run name (lower-case letters, digits and '-')");
      } else if (run.equals(runName)) {
        fail(f + ".run", "a run cannot be its own baseline: name an earlier run, or use selector");
      }
      return;
    }
    if (b.getSelector().isEmpty()) {
      fail(f + ".selector", "needs at least one label: an empty selector would pick any run");
      return;
    }
    labels(f + ".selector", b.getSelector(), true);
  }

  /** The whole CRD schema, for every bound not checked above; one message per field. */
  private void schema(BenchmarkRunSpec spec) {
    Set<String> named = new HashSet<>();
    violations.forEach(v -> named.add(v.field()));
    for (Violation v : ShapeCheck.validate(TREE.valueToTree(spec))) {
      if (named.add(v.field())) {
        violations.add(v);
      }
    }
  }

  private void runner(String f, RunnerTemplate r) {
    if (r == null) {
      return;
    }
    labels(f + ".nodeSelector", r.getNodeSelector(), true);
    labels(f + ".podLabels", r.getPodLabels(), true);
    labels(f + ".podAnnotations", r.getPodAnnotations(), false);
    resources(f + ".resources", r.getResources());
    if (r.getEnv() != null) {
      for (int i = 0; i < r.getEnv().size(); i++) {
        EnvVar e = r.getEnv().get(i);
        if (e != null && e.getValueFrom() != null && e.getValueFrom().getResourceFieldRef() != null
            && e.getValueFrom().getResourceFieldRef().getDivisor() != null) {
          quantities(f + ".env[" + i + "].valueFrom.resourceFieldRef",
              Map.of("divisor", e.getValueFrom().getResourceFieldRef().getDivisor()));
        }
      }
    }
  }

  private void placements(List<Placement> placements, String runName) {
    if (placements == null || placements.isEmpty()) {
      fail("spec.placements", "at least one placement group is required");
      return;
    }
    if (placements.size() > Limits.MAX_PLACEMENTS) {
      fail("spec.placements", "at most " + Limits.MAX_PLACEMENTS + " placement groups, got " + placements.size());
      return;
    }
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < placements.size(); i++) {
      Placement p = placements.get(i);
      String f = "spec.placements[" + i + "]";
      if (p.getName() == null || !DNS_LABEL.matcher(p.getName()).matches()) {
        fail(f + ".name", Humanize.quote(p.getName())
            + " must be a DNS label of at most 30 characters (a-z, 0-9, -)");
      } else if (!names.add(p.getName())) {
        fail(f + ".name", Humanize.quote(p.getName()) + " is used by another placement");
      } else if (runName != null && runName.length() <= MAX_RUN_NAME
          && Protocol.jobName(runName, p.getName()).length() > MAX_JOB_NAME) {
        fail(f + ".name", "Job name " + Humanize.quote(Protocol.jobName(runName, p.getName()))
            + " would be longer than " + MAX_JOB_NAME + " characters: shorten the run or placement name");
      }
      if (p.getPods() == null) {
        fail(f + ".pods", "is required");
      } else if (range(f + ".pods", p.getPods(), 1, MAX_TOTAL_PODS)) {
        total += p.getPods();
      }
      labelValue(f + ".region", p.getRegion());
      labelValue(f + ".zone", p.getZone());
      labels(f + ".nodeSelector", p.getNodeSelector(), true);
    }
    if (total > MAX_TOTAL_PODS) {
      fail("spec.placements", "at most " + MAX_TOTAL_PODS + " pods in all, got " + total);
    }
  }

  private void sidecars(List<Sidecar> sidecars) {
    if (sidecars == null) {
      return;
    }
    if (sidecars.size() > Limits.MAX_SIDECARS) {
      fail("spec.sidecars", "at most " + Limits.MAX_SIDECARS + " sidecars, got " + sidecars.size());
      return;
    }
    Set<String> names = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < sidecars.size(); i++) {
      Sidecar s = sidecars.get(i);
      String f = "spec.sidecars[" + i + "]";
      if (s.getName() == null || !DNS_LABEL.matcher(s.getName()).matches()) {
        fail(f + ".name", Humanize.quote(s.getName()) + " must be a DNS label of at most 30 characters");
      } else if (!names.add(s.getName()) || s.getName().equals(Protocol.RUNNER_CONTAINER)) {
        fail(f + ".name", Humanize.quote(s.getName()) + " is already a container name in the pod");
      }
      if (s.getPort() != null && range(f + ".port", s.getPort(), 1, Limits.MAX_PORT) && !ports.add(s.getPort())) {
        fail(f + ".port", s.getPort() + " is used by another sidecar");
      }
      resources(f + ".resources", s.getResources());
      Preload p = s.getPreload();
      if (p != null) {
        required(f + ".preload.key", p.getKey());
        int sources = (p.getS3() != null ? 1 : 0) + (p.getHttp() != null ? 1 : 0) + (p.getGenerate() != null ? 1 : 0);
        if (sources != 1) {
          fail(f + ".preload", "needs exactly one source: s3, http or generate (got " + sources + ")");
        }
        if (p.getS3() != null) {
          required(f + ".preload.s3.bucket", p.getS3().getBucket());
          required(f + ".preload.s3.key", p.getS3().getKey());
          endpoint(f + ".preload.s3", p.getS3());
        }
        if (p.getHttp() != null) {
          url(f + ".preload.http.url", p.getHttp().getUrl(), "http", true, "");
        }
        if (p.getGenerate() != null) {
          if (p.getGenerate().getSize() == null) {
            fail(f + ".preload.generate.size", "is required");
          } else {
            size(f + ".preload.generate.size", p.getGenerate().getSize(), 0, Limits.MAX_VALUE_SIZE);
          }
        }
      }
    }
  }

  private void defaults(String f, ScenarioDefaults d) {
    positiveDuration(f + ".duration", d.getDuration());
    duration(f + ".warmup", d.getWarmup());
    if (d.getIterations() != null) {
      range(f + ".iterations", d.getIterations(), 1, Limits.MAX_ITERATIONS);
    }
    if (d.getRepeats() != null) {
      range(f + ".repeats", d.getRepeats(), 1, Limits.MAX_REPEATS);
    }
    if (d.getLoad() != null) {
      load(f + ".load", d.getLoad());
    }
    percentiles(f + ".percentiles", d.getPercentiles());
  }

  private void percentiles(String f, List<Double> percentiles) {
    if (percentiles == null) {
      return;
    }
    if (percentiles.size() > Limits.MAX_PERCENTILES) {
      fail(f, "at most " + Limits.MAX_PERCENTILES + " percentiles, got " + percentiles.size());
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < percentiles.size(); i++) {
      Double p = percentiles.get(i);
      if (p == null || !(p > 0 && p < 100)) {
        fail(f + "[" + i + "]", "must be above 0 and below 100 (p100 is the max, always shown), got " + p);
      } else if (!seen.add(dev.regatta.result.LatencySummary.key(p))) {
        fail(f + "[" + i + "]", p + " is listed twice");
      }
    }
  }

  private void load(String f, Load load) {
    boolean open = load.effectiveModel() == Load.Model.OPEN;
    boolean hasStages = load.getStages() != null && !load.getStages().isEmpty();
    if (!open && (load.getRate() != null || hasStages)) {
      fail(f + ".rate", "rate and stages go only with model: open (this load is closed)");
    }
    if (open && load.getRate() == null && !hasStages) {
      fail(f + ".rate", "model: open needs a rate or stages");
    }
    if (load.getRate() != null) {
      if (!(load.getRate() > 0)) {
        fail(f + ".rate", "must be greater than 0, got " + load.getRate());
      } else {
        range(f + ".rate", load.getRate(), 0, Limits.MAX_RATE);
      }
    }
    if (load.getConnections() != null) {
      range(f + ".connections", load.getConnections(), 1, Limits.MAX_CONNECTIONS);
    }
    if (hasStages) {
      if (load.getStages().size() > Limits.MAX_STAGES) {
        fail(f + ".stages", "at most " + Limits.MAX_STAGES + " stages, got " + load.getStages().size());
        return;
      }
      for (int i = 0; i < load.getStages().size(); i++) {
        Stage s = load.getStages().get(i);
        String sf = f + ".stages[" + i + "]";
        if (s.getDuration() == null) {
          fail(sf + ".duration", "is required");
        } else {
          positiveDuration(sf + ".duration", s.getDuration());
        }
        if (s.getRate() == null || !(s.getRate() >= 0)) {
          fail(sf + ".rate", "must be 0 or more");
        } else {
          range(sf + ".rate", s.getRate(), 0, Limits.MAX_RATE);
        }
      }
    }
  }

  private void scenarios(BenchmarkRunSpec spec) {
    List<Scenario> scenarios = spec.getScenarios();
    if (scenarios == null || scenarios.isEmpty()) {
      fail("spec.scenarios", "at least one scenario is required");
      return;
    }
    if (scenarios.size() > Limits.MAX_SCENARIOS) {
      fail("spec.scenarios", "at most " + Limits.MAX_SCENARIOS + " scenarios, got " + scenarios.size());
      return;
    }
    // Every point is measured and becomes a row of status.results: the points of all scenarios together are
    // bounded as one scenario's are, and expanded (to check each point) only within that bound.
    long points = 0;
    for (Scenario s : scenarios) {
      points = s == null ? points : saturatedAdd(points, MatrixExpander.size(s.getMatrix()));
    }
    boolean expand = points <= MatrixExpander.MAX_POINTS;
    if (!expand) {
      fail("spec.scenarios", "the matrices have " + (points == Long.MAX_VALUE ? "more than 2^63" : points)
          + " points in all, at most " + MatrixExpander.MAX_POINTS);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      String f = "spec.scenarios[" + i + "]";
      if (s == null) {
        fail(f, "is empty");
        continue;
      }
      if (s.getName() == null || !SCENARIO_NAME.matcher(s.getName()).matches()) {
        fail(f + ".name", Humanize.quote(s.getName()) + " must be 1-63 characters of a-z, 0-9, '-', '_', '.'");
      } else if (!names.add(s.getName())) {
        fail(f + ".name", Humanize.quote(s.getName()) + " is used by another scenario");
      }
      int workloads = 0;
      for (WorkloadKind k : WorkloadKind.values()) {
        workloads += k.of(s) != null ? 1 : 0;
      }
      if (workloads != 1) {
        fail(f, "a scenario needs exactly one workload: redis, http, s3, kafka, stream or grpc (got " + workloads + ")");
      }
      defaults(f, s);
      for (WorkloadKind k : WorkloadKind.values()) {
        if (k.of(s) != null) {
          workload(f + "." + k.field(), k, k.of(s));
        }
      }
      matrix(f, s, spec, workloads == 1, expand);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a || sum < b ? Long.MAX_VALUE : sum;
  }

  private void workload(String f, WorkloadKind kind, Object w) {
    switch (kind) {
      case REDIS -> redis(f, (RedisWorkload) w);
      case HTTP -> http(f, (HttpWorkload) w);
      case S3 -> s3(f, (S3Workload) w);
      case KAFKA -> kafka(f, (KafkaWorkload) w);
      case STREAM -> stream(f, (StreamWorkload) w);
      case GRPC -> grpc(f, (GrpcWorkload) w);
    }
  }

  private void matrix(String f, Scenario s, BenchmarkRunSpec spec, boolean oneWorkload, boolean expand) {
    ScenarioDefaults defaults = spec.getDefaults();
    Map<String, MatrixAxis> matrix = s.getMatrix();
    if (matrix == null || matrix.isEmpty() || !oneWorkload) {
      return;
    }
    if (matrix.size() > MAX_MATRIX_PARAMETERS) {
      fail(f + ".matrix", "sweeps " + matrix.size() + " parameters, at most " + MAX_MATRIX_PARAMETERS);
      return;
    }
    boolean axesOk = true;
    List<String> settable = ScenarioPlan.settableParameters(s.workloadKind());
    for (Map.Entry<String, MatrixAxis> e : matrix.entrySet()) {
      String af = f + ".matrix." + e.getKey();
      MatrixAxis a = e.getValue();
      if (a == null) {
        fail(af, "takes either values or powersOfTwo");
        axesOk = false;
        continue;
      }
      boolean hasValues = a.getValues() != null && !a.getValues().isEmpty();
      if (hasValues == (a.getPowersOfTwo() != null)) {
        fail(af, "takes either values or powersOfTwo");
        axesOk = false;
      }
      if (hasValues && a.getValues().size() > Limits.MAX_MATRIX_VALUES) {
        fail(af + ".values", "at most " + Limits.MAX_MATRIX_VALUES + " values, got " + a.getValues().size());
        axesOk = false;
      }
      if (a.getPowersOfTwo() != null) {
        Integer from = a.getPowersOfTwo().getFrom();
        Integer to = a.getPowersOfTwo().getTo();
        if (from == null || to == null || from < 0 || to > Limits.MAX_POWER_OF_TWO || from > to) {
          fail(af + ".powersOfTwo", "needs 0 <= from <= to <= " + Limits.MAX_POWER_OF_TWO + ", got from " + from
              + " to " + to);
          axesOk = false;
        }
      }
      if (!settable.contains(e.getKey())) {
        fail(af, Humanize.quote(e.getKey()) + " is not a parameter of the " + s.workloadKind().field()
            + " workload; it can sweep " + settable);
        axesOk = false;
      }
      axesOk &= axisValues(af, a);
      if (ScenarioPlan.PODS.equals(e.getKey())) {
        axesOk &= podsAxis(af, a, s, defaults, spec.totalPods());
      }
    }
    if (!axesOk) {
      return;
    }
    long size = MatrixExpander.size(matrix);
    if (size > MatrixExpander.MAX_POINTS) {
      fail(f + ".matrix", "has " + (size == Long.MAX_VALUE ? "more than 2^63" : size) + " points, more than "
          + MatrixExpander.MAX_POINTS);
      return;
    }
    if (!expand) {
      return;
    }
    List<ScenarioPlan> plans;
    try {
      plans = ScenarioPlan.of(s, defaults);
    } catch (IllegalArgumentException e) {
      fail(f + ".matrix", e.getMessage());
      return;
    }
    points(f, s.workloadKind(), plans);
  }

  /**
   * Values of an axis are distinct (two equal points would be one row, their figures added up) and its labels,
   * if any, name each value once, in order.
   */
  private boolean axisValues(String af, MatrixAxis a) {
    List<String> values = MatrixExpander.values(a);
    Set<String> seen = new HashSet<>();
    for (String v : values) {
      if (!seen.add(v)) {
        fail(af + ".values", Humanize.quote(v) + " is listed twice: each value is one row, and two equal points "
            + "would be added up into it");
        return false;
      }
    }
    List<String> labels = a.getLabels();
    if (labels == null || labels.isEmpty()) {
      return true;
    }
    if (labels.size() != values.size()) {
      fail(af + ".labels", "has " + labels.size() + " label(s) for " + values.size() + " value(s): give one label per "
          + "value, in the same order");
      return false;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      String l = labels.get(i);
      if (l == null || l.isBlank()) {
        fail(af + ".labels[" + i + "]", "is empty");
        return false;
      }
      if (l.length() > Limits.MAX_MATRIX_LABEL) {
        fail(af + ".labels[" + i + "]", "must be at most " + Limits.MAX_MATRIX_LABEL + " characters, got " + l.length());
        return false;
      }
      if (!names.add(l)) {
        fail(af + ".labels[" + i + "]", Humanize.quote(l) + " labels two values: each label names one value");
        return false;
      }
    }
    return true;
  }

  /**
   * pods: how many of the run's pods drive load at each point (the rest wait). Whole numbers from 1 to the pods
   * the placements give; the idle pods wait as long as the point lasts, so the point must have a duration.
   */
  private boolean podsAxis(String af, MatrixAxis a, Scenario s, ScenarioDefaults defaults, int fleet) {
    for (String v : MatrixExpander.values(a)) {
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        fail(af, "takes whole numbers of pods, got " + Humanize.quote(v));
        return false;
      }
      if (n < 1) {
        fail(af, "takes 1 or more pods, got " + n);
        return false;
      }
      if (n > fleet) {
        fail(af, n + " is more pods than the run has (" + fleet + " in spec.placements): at each point that many "
            + "of the run's pods drive load, so the fleet must hold the largest value");
        return false;
      }
    }
    if (s.getStream() != null) {
      fail(af, "a stream scenario times its own window, so pods that wait cannot know how long: sweep pods in "
          + "another workload, or use one run per pod count");
      return false;
    }
    boolean ownBound = s.getIterations() != null || s.getDuration() != null;
    String duration = ownBound ? s.getDuration() : defaults == null ? null : defaults.getDuration();
    Long iterations = ownBound ? s.getIterations() : defaults == null ? null : defaults.getIterations();
    if (iterations != null && duration == null) {
      fail(af, "needs a duration (with iterations: the longest a point may take): the pods that wait at a point wait "
          + "that long, so that every pod starts the next point together");
      return false;
    }
    return true;
  }

  /** Each matrix point's values must fit the field they set, as if written there: reported on the matrix key. */
  private void points(String f, WorkloadKind kind, List<ScenarioPlan> plans) {
    Set<String> reported = new LinkedHashSet<>();
    for (ScenarioPlan plan : plans) {
      SpecValidator point = new SpecValidator();
      point.urlCredentialsAllowed = urlCredentialsAllowed;
      point.workload(f + "." + kind.field(), kind, plan.workload());
      point.load(f + ".load", plan.load());
      for (Violation v : point.violations) {
        for (String key : plan.params().keySet()) {
          if (v.field().endsWith("." + key) && reported.add(key + "\n" + v.message())) {
            fail(f + ".matrix." + key, v.message());
          }
        }
      }
    }
  }

  private void redis(String f, RedisWorkload r) {
    url(f + ".url", r.getUrl(), "redis", false,
        ": put the password in a Secret and name it in passwordSecret");
    size(f + ".valueSize", r.getValueSize(), 0, Limits.MAX_VALUE_SIZE);
    size(f + ".bufferSize", r.getBufferSize(), 1, Limits.MAX_BUFFER_SIZE);
    if (r.getPipeline() != null) {
      range(f + ".pipeline", r.getPipeline(), 1, Limits.MAX_PIPELINE);
    }
    if (r.getKeySpace() != null) {
      range(f + ".keySpace", r.getKeySpace(), 1, Limits.MAX_KEY_SPACE);
    }
    if (r.getReadPercent() != null) {
      range(f + ".readPercent", r.getReadPercent(), 0, 100);
    }
  }

  private void http(String f, HttpWorkload h) {
    url(f + ".url", h.getUrl(), "http", true, ": send them in a header instead");
    size(f + ".bodySize", h.getBodySize(), 0, Limits.MAX_OBJECT_SIZE);
    size(f + ".bufferSize", h.getBufferSize(), 1, Limits.MAX_BUFFER_SIZE);
    positiveDuration(f + ".timeout", h.getTimeout());
    if (h.getBody() != null && h.getBodySize() != null) {
      fail(f + ".bodySize", "set body or bodySize, not both");
    }
    checks(f + ".expect", h.getExpect());
    if (h.getHeaders() != null) {
      if (h.getHeaders().size() > Limits.MAX_HEADERS) {
        fail(f + ".headers", "at most " + Limits.MAX_HEADERS + " headers, got " + h.getHeaders().size());
        return;
      }
      for (Map.Entry<String, String> e : h.getHeaders().entrySet()) {
        String problem = HeaderRules.problem(e.getKey(), e.getValue());
        if (problem != null) {
          fail(f + ".headers." + shortKey(e.getKey()), problem);
        }
      }
    }
  }

  private void grpc(String f, GrpcWorkload g) {
    required(f + ".target", g.getTarget());
    matches(f + ".target", g.getTarget(), GRPC_TARGET, "must be host:port, e.g. model-server.ml.svc:8001");
    required(f + ".method", g.getMethod());
    matches(f + ".method", g.getMethod(), GRPC_METHOD, "must be package.Service/Method, e.g. helloworld.Greeter/SayHello");
    positiveDuration(f + ".deadline", g.getDeadline());
    if (g.getChannels() != null) {
      range(f + ".channels", g.getChannels(), 1, 1024);
    }
    if (!Boolean.TRUE.equals(g.getTls()) && (Boolean.TRUE.equals(g.getInsecure()) || g.getCaSecret() != null)) {
      fail(f + ".tls", "insecure and caSecret go with tls: true");
    }
    if (g.getData() != null && g.getData().length() > Limits.MAX_BODY) {
      fail(f + ".data", "at most " + Limits.MAX_BODY + " characters");
    }
    if (g.getDescriptorSet() != null) {
      DescriptorSetSource d = g.getDescriptorSet();
      if ((d.getConfigMapKeyRef() != null) == (d.getSecretKeyRef() != null)) {
        fail(f + ".descriptorSet", "set exactly one of configMapKeyRef and secretKeyRef");
      } else if (d.getConfigMapKeyRef() != null) {
        required(f + ".descriptorSet.configMapKeyRef.name", d.getConfigMapKeyRef().getName());
        required(f + ".descriptorSet.configMapKeyRef.key", d.getConfigMapKeyRef().getKey());
      } else {
        required(f + ".descriptorSet.secretKeyRef.name", d.getSecretKeyRef().getName());
        required(f + ".descriptorSet.secretKeyRef.key", d.getSecretKeyRef().getKey());
      }
    }
    if (g.getMetadata() != null) {
      if (g.getMetadata().size() > Limits.MAX_HEADERS) {
        fail(f + ".metadata", "at most " + Limits.MAX_HEADERS + " entries, got " + g.getMetadata().size());
        return;
      }
      for (Map.Entry<String, String> e : g.getMetadata().entrySet()) {
        String problem = HeaderRules.problem(e.getKey(), e.getValue());
        if (problem == null && !GRPC_METADATA_KEY.matcher(e.getKey()).matches()) {
          problem = Humanize.quote(e.getKey()) + " is not a gRPC metadata key: lower-case letters, digits, '-', '_', '.'";
        }
        if (problem != null) {
          fail(f + ".metadata." + shortKey(e.getKey()), problem);
        }
      }
    }
  }

  /** http.expect: named checks, each with exactly one condition that the runner can evaluate. */
  private void checks(String f, List<HttpCheck> checks) {
    if (checks == null || checks.isEmpty()) {
      return;
    }
    if (checks.size() > Limits.MAX_CHECKS) {
      fail(f, "at most " + Limits.MAX_CHECKS + " checks, got " + checks.size());
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < checks.size(); i++) {
      HttpCheck c = checks.get(i);
      String cf = f + "[" + i + "]";
      if (c == null) {
        fail(cf, "is empty: a check needs a name and one of status, bodyContains or json");
        continue;
      }
      if (c.getName() == null || !SCENARIO_NAME.matcher(c.getName()).matches()) {
        fail(cf + ".name", Humanize.quote(c.getName()) + " must be 1-63 characters of a-z, 0-9, '-', '_', '.' "
            + "(it names the error type check:NAME)");
      } else if (!names.add(c.getName())) {
        fail(cf + ".name", Humanize.quote(c.getName()) + " is used by another check");
      }
      boolean status = c.getStatus() != null && !c.getStatus().isEmpty();
      int kinds = (status ? 1 : 0) + (c.getBodyContains() != null ? 1 : 0) + (c.getJson() != null ? 1 : 0);
      if (kinds != 1) {
        fail(cf, "a check takes exactly one of status, bodyContains or json (got " + kinds + ")");
        continue;
      }
      if (status) {
        if (c.getStatus().size() > Limits.MAX_CHECK_STATUSES) {
          fail(cf + ".status", "at most " + Limits.MAX_CHECK_STATUSES + " codes, got " + c.getStatus().size());
        }
        for (int j = 0; j < c.getStatus().size(); j++) {
          Integer code = c.getStatus().get(j);
          if (code == null || code < 100 || code > 599) {
            fail(cf + ".status[" + j + "]", "must be an HTTP status code from 100 to 599, got " + code);
          }
        }
      }
      if (c.getBodyContains() != null) {
        if (c.getBodyContains().isEmpty()) {
          fail(cf + ".bodyContains", "is empty: every body contains the empty text");
        } else if (c.getBodyContains().length() > Limits.MAX_CHECK_TEXT) {
          fail(cf + ".bodyContains", "must be at most " + Limits.MAX_CHECK_TEXT + " characters, got "
              + c.getBodyContains().length());
        }
      }
      if (c.getJson() != null) {
        if (c.getJson().getPath() == null) {
          fail(cf + ".json.path", "is required, e.g. predictions[0].label");
        } else if (c.getJson().getPath().length() > Limits.MAX_CHECK_PATH) {
          fail(cf + ".json.path", "must be at most " + Limits.MAX_CHECK_PATH + " characters, got "
              + c.getJson().getPath().length());
        } else {
          try {
            JsonFieldPath.parse(c.getJson().getPath());
          } catch (IllegalArgumentException e) {
            fail(cf + ".json.path", e.getMessage());
          }
        }
        if (c.getJson().getEquals() == null) {
          fail(cf + ".json.equals", "is required: the value the field must have, e.g. \"ok\" or 1");
        } else if (c.getJson().getEquals().length() > Limits.MAX_CHECK_TEXT) {
          fail(cf + ".json.equals", "must be at most " + Limits.MAX_CHECK_TEXT + " characters");
        }
      }
    }
  }

  private void matches(String f, String value, java.util.regex.Pattern p, String what) {
    if (value != null && !p.matcher(value).matches()) {
      fail(f, Humanize.quote(value) + " " + what);
    }
  }

  private void s3(String f, S3Workload s) {
    required(f + ".bucket", s.getBucket());
    size(f + ".objectSize", s.getObjectSize(), 0, Limits.MAX_OBJECT_SIZE);
    size(f + ".bufferSize", s.getBufferSize(), 1, Limits.MAX_BUFFER_SIZE);
    size(f + ".rangeSize", s.getRangeSize(), 0, Limits.MAX_OBJECT_SIZE);
    endpoint(f, s);
  }

  private void kafka(String f, KafkaWorkload k) {
    required(f + ".bootstrapServers", k.getBootstrapServers());
    size(f + ".messageSize", k.getMessageSize(), 0, Limits.MAX_MESSAGE_SIZE);
    size(f + ".batchSize", k.getBatchSize(), 0, Limits.MAX_MESSAGE_SIZE);
    if (k.getLingerMs() != null) {
      range(f + ".lingerMs", k.getLingerMs(), 0, Limits.MAX_LINGER_MS);
    }
    if (k.getPartitions() != null) {
      range(f + ".partitions", k.getPartitions(), 1, Limits.MAX_PARTITIONS);
    }
  }

  private void stream(String f, StreamWorkload s) {
    if (s.getBroker() == StreamWorkload.Broker.KAFKA && isBlank(s.getKafkaBootstrapServers())) {
      fail(f + ".kafkaBootstrapServers", "broker: kafka needs kafkaBootstrapServers");
    }
    if (s.getPayloadStore() == StreamWorkload.PayloadStore.S3 && s.getS3() == null) {
      fail(f + ".s3", "payloadStore: s3 needs s3 (bucket and endpoint)");
    }
    if (s.getS3() != null) {
      required(f + ".s3.bucket", s.getS3().getBucket());
      endpoint(f + ".s3", s.getS3());
    }
    url(f + ".redisUrl", s.getRedisUrl(), "redis", false, "");
    size(f + ".dataSize", s.getDataSize(), 0, Limits.MAX_VALUE_SIZE);
    duration(f + ".taskSleep", s.getTaskSleep());
    if (s.getTasks() != null) {
      range(f + ".tasks", s.getTasks(), 1, Limits.MAX_TASKS);
    }
    if (s.getWorkers() != null) {
      range(f + ".workers", s.getWorkers(), 1, Limits.MAX_WORKERS);
    }
  }

  private void endpoint(String f, S3Endpoint e) {
    url(f + ".endpoint", e.getEndpoint(), "http", false, ": name a Secret in credentialsSecret instead");
    if (e.getCredentialsSecret() != null) {
      required(f + ".credentialsSecret.name", e.getCredentialsSecret().getName());
    }
  }

  /**
   * A URL of the scheme (or its TLS variant), without credentials: user info in a URL would be copied in clear
   * into every pod's run file and the spec ConfigMap.
   */
  private void url(String f, String url, String scheme, boolean required, String credentialsHint) {
    if (url == null) {
      if (required) {
        fail(f, "is required");
      }
      return;
    }
    Pattern p = URL_PATTERNS.computeIfAbsent(scheme, x -> Pattern.compile("^" + x + "s?://[^\\s/]+\\S*$"));
    if (url.length() > Limits.MAX_URL) {
      fail(f, "must be at most " + Limits.MAX_URL + " characters long, got " + url.length());
    } else if (!p.matcher(url).matches()) {
      fail(f, Humanize.quote(url) + " must be a " + scheme + ":// or " + scheme + "s:// URL");
    } else if (Urls.hasUserInfo(url) && !urlCredentialsAllowed) {
      fail(f, "must not hold credentials (user:password@), which would be copied in clear into every pod"
          + credentialsHint);
    }
  }

  private void labelValue(String f, String value) {
    if (value != null && (value.length() > Limits.MAX_LABEL_VALUE || !LABEL_VALUE.matcher(value).matches())) {
      fail(f, Humanize.quote(value) + " must be a label value: at most " + Limits.MAX_LABEL_VALUE
          + " characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
    }
  }

  /** Label (or annotation) keys: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
  private void labels(String f, Map<String, String> labels, boolean valuesAreLabels) {
    if (labels == null) {
      return;
    }
    if (labels.size() > Limits.MAX_MAP_ENTRIES) {
      fail(f, "at most " + Limits.MAX_MAP_ENTRIES + " entries, got " + labels.size());
      return;
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      String prefix = slash < 0 ? null : key.substring(0, slash);
      String name = slash < 0 ? key : key.substring(slash + 1);
      if ((prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches()) || !LABEL_NAME.matcher(name).matches()) {
        fail(f + "." + shortKey(key), Humanize.quote(key) + " is not a label key: an optional DNS prefix and '/', "
            + "then at most 63 characters of letters, digits, '-', '_' and '.'");
      } else if (valuesAreLabels) {
        labelValue(f + "." + shortKey(key), e.getValue());
      }
    }
  }

  private void resources(String f, ResourceRequirements r) {
    if (r == null) {
      return;
    }
    quantities(f + ".limits", r.getLimits());
    quantities(f + ".requests", r.getRequests());
  }

  private void quantities(String f, Map<String, Quantity> q) {
    if (q == null) {
      return;
    }
    for (Map.Entry<String, Quantity> e : q.entrySet()) {
      try {
        BigDecimal amount = e.getValue() == null ? null : e.getValue().getNumericalAmount();
        if (amount == null || amount.signum() < 0 || amount.compareTo(MAX_QUANTITY) > 0) {
          fail(f + "." + shortKey(e.getKey()), "must be a quantity from 0 to " + Limits.MAX_QUANTITY
              + ", e.g. 500m, 2 or 1Gi, got " + Humanize.quote(e.getValue()));
        }
      } catch (RuntimeException ex) {
        fail(f + "." + shortKey(e.getKey()), Humanize.quote(e.getValue()) + " is not a quantity: use e.g. 500m, 2 or 1Gi");
      }
    }
  }

  private void required(String f, String value) {
    if (isBlank(value)) {
      fail(f, "is required");
    }
  }

  /** A size between min and max bytes; false when it is not. */
  private boolean size(String f, IntOrString value, long min, long max) {
    if (value == null) {
      return true;
    }
    long n;
    try {
      n = Sizes.parse(value, 0);
    } catch (IllegalArgumentException e) {
      fail(f, e.getMessage());
      return false;
    }
    String written = value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    if (n < min) {
      fail(f, "must be at least " + min + (min == 1 ? " byte" : " bytes") + ", got " + Humanize.quote(written));
      return false;
    }
    if (n > max) {
      fail(f, "must be at most " + Sizes.format(max) + " (" + max + " bytes), got " + Humanize.quote(written));
      return false;
    }
    return true;
  }

  /** A number between min and max inclusive; false (and a violation) when it is not. */
  private boolean range(String f, Number value, double min, double max) {
    double v = value.doubleValue();
    if (v < min) {
      fail(f, "must be at least " + number(min) + ", got " + value);
      return false;
    }
    if (v > max) {
      fail(f, "must be at most " + number(max) + ", got " + value);
      return false;
    }
    return true;
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e18 ? Long.toString((long) d) : Double.toString(d);
  }

  private void duration(String f, String text) {
    if (text == null) {
      return;
    }
    if (!Durations.isValid(text)) {
      fail(f, Humanize.quote(text) + " is not a duration: use e.g. 500ms, 10s, 1m30s (negative durations are not "
          + "allowed)");
      return;
    }
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException e) {
      fail(f, e.getMessage());
    }
  }

  private void positiveDuration(String f, String text) {
    if (text == null) {
      return;
    }
    int before = violations.size();
    duration(f, text);
    if (violations.size() == before && Durations.parse(text).isZero()) {
      fail(f, "must be longer than 0s");
    }
  }

  private static String shortKey(String key) {
    return key.length() <= Humanize.QUOTE_LIMIT ? key : key.substring(0, Humanize.QUOTE_LIMIT) + "...";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
