package dev.regatta.matrix;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.read.StrictBinding;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Headline;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scenario at one matrix point, with everything resolved: defaults applied and the point's parameters
 * written into the workload (or the load). This is what a runner executes, {@code repeats} times.
 *
 * @param workload the workload object (RedisWorkload, HttpWorkload, ...) with the point's params applied
 * @param duration the measured window; with iterations, the longest it may take (null: until the iterations are done)
 * @param iterations measured operations per pod; null when only duration bounds the window
 * @param labels the labels of the point's values (param → label), for the axes that have them
 * @param headline the figure the scenario is about (see {@link Headline#of})
 * @param activePods with a {@code pods} matrix axis: how many pods of the fleet drive load at this point (the
 *     first ones, in placement order); null: all of them
 * @param percentiles the latency percentiles reports show for this scenario
 */
public record ScenarioPlan(
    String scenario,
    Map<String, String> params,
    WorkloadKind kind,
    Object workload,
    Load load,
    Duration duration,
    Long iterations,
    Duration warmup,
    int repeats,
    Map<String, String> labels,
    Headline headline,
    Integer activePods,
    List<Double> percentiles) {

  /** The matrix key that sets how many pods drive load at a point instead of a workload field. */
  public static final String PODS = "pods";
  /** Percentiles reports show when a run does not say (k6's summary has p90 and p95; wrk --latency p50..p99). */
  public static final List<Double> DEFAULT_PERCENTILES = List.of(50.0, 90.0, 95.0, 99.0, 99.9);

  public ScenarioPlan {
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    headline = headline == null ? Headline.THROUGHPUT : headline;
    percentiles = percentiles == null || percentiles.isEmpty() ? DEFAULT_PERCENTILES : List.copyOf(percentiles);
  }

  /** A point without labels, headline choice, pods axis or percentile set (tests, the runner's command line). */
  public ScenarioPlan(String scenario, Map<String, String> params, WorkloadKind kind, Object workload, Load load,
      Duration duration, Long iterations, Duration warmup, int repeats) {
    this(scenario, params, kind, workload, load, duration, iterations, warmup, repeats, null, null, null, null);
  }

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** Every point of every scenario of a run, in the order runners execute them. */
  public static List<ScenarioPlan> of(BenchmarkRunSpec spec) {
    List<ScenarioPlan> plans = new ArrayList<>();
    for (Scenario s : spec.getScenarios()) {
      plans.addAll(of(s, spec.getDefaults()));
    }
    return plans;
  }

  /** Every point of one scenario. Throws IllegalArgumentException for a parameter no field takes. */
  public static List<ScenarioPlan> of(Scenario s, ScenarioDefaults defaults) {
    ScenarioDefaults d = defaults == null ? new ScenarioDefaults() : defaults;
    WorkloadKind kind = s.workloadKind();
    if (kind == null) {
      throw new IllegalArgumentException("scenario " + Humanize.quote(s.getName())
          + " needs exactly one workload: redis, http, s3, kafka, stream, grpc or external");
    }
    Load load = firstNonNull(s.getLoad(), d.getLoad(), Load.closed(10));
    // A scenario that sets one of duration/iterations replaces both of the defaults' (it says how its window ends);
    // one that sets neither inherits both, so defaults may say "100000 iterations, at most 2h" as k6 does.
    boolean ownBound = s.getIterations() != null || s.getDuration() != null;
    Long iterations = ownBound ? s.getIterations() : d.getIterations();
    String durationText = ownBound ? s.getDuration() : d.getDuration();
    if (durationText == null && iterations == null) {
      durationText = ScenarioDefaults.DEFAULT_DURATION;
    }
    Duration duration = durationText == null ? null : Durations.parse(durationText);
    Duration warmup = Durations.parse(firstNonNull(s.getWarmup(), d.getWarmup(), ScenarioDefaults.DEFAULT_WARMUP));
    int repeats = firstNonNull(s.getRepeats(), d.getRepeats(), 1);
    List<Double> percentiles = firstNonNull(s.getPercentiles(), d.getPercentiles(), DEFAULT_PERCENTILES);
    Headline headline = Headline.of(s);

    List<ScenarioPlan> plans = new ArrayList<>();
    for (Map<String, String> point : MatrixExpander.expand(s.getMatrix())) {
      ObjectNode workloadTree = MAPPER.valueToTree(kind.of(s));
      ObjectNode loadTree = MAPPER.valueToTree(load);
      Integer activePods = null;
      for (Map.Entry<String, String> p : point.entrySet()) {
        ObjectNode target = targetOf(p.getKey(), kind, s.getName());
        if (target == TOOL_PARAMETER) {
          continue; // reaches the tool through params(): env and {{placeholders}}
        } else if (target == WORKLOAD_FIELD) {
          workloadTree.set(p.getKey(), scalar(p.getValue()));
        } else if (target == PODS_AXIS) {
          activePods = activePods(p.getValue(), s.getName());
        } else {
          loadTree.set(p.getKey(), scalar(p.getValue()));
        }
      }
      Object workload = bind(workloadTree, kind.of(s).getClass(), kind.field(), s.getName(), point);
      Load pointLoad = bind(loadTree, Load.class, "load", s.getName(), point);
      plans.add(new ScenarioPlan(s.getName(), point, kind, workload, pointLoad, duration, iterations, warmup,
          repeats, MatrixExpander.labels(s.getMatrix(), point), headline, activePods, percentiles));
    }
    return plans;
  }

  private static <T> T bind(ObjectNode tree, Class<T> type, String root, String scenario, Map<String, String> point) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (Exception e) {
      throw new IllegalArgumentException("scenario " + Humanize.quote(scenario) + " point " + Humanize.quote(point)
          + ": a value does not fit its field: " + StrictBinding.violation(e, tree, root), e);
    }
  }

  // Markers for where a matrix key goes.
  private static final ObjectNode WORKLOAD_FIELD = MAPPER.createObjectNode();
  private static final ObjectNode LOAD_FIELD = MAPPER.createObjectNode();
  private static final ObjectNode PODS_AXIS = MAPPER.createObjectNode();
  private static final ObjectNode TOOL_PARAMETER = MAPPER.createObjectNode();

  /** An external tool takes any parameter (as env and placeholders); the others only their workload's fields. */
  public static boolean takesAnyParameter(WorkloadKind kind) {
    return kind == WorkloadKind.EXTERNAL;
  }

  private static int activePods(String value, String scenario) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("scenario " + Humanize.quote(scenario) + ": matrix parameter pods takes whole "
        + "numbers of pods (1 or more), got " + Humanize.quote(value));
  }

  /** True when this pod (its ordinal in the fleet, placement order, from 0) drives load at this point. */
  public boolean activeFor(int podOrdinal) {
    return activePods == null || podOrdinal < activePods;
  }

  /** Names the fields a matrix key may set for this workload kind: the workload's, then connections/rate. */
  public static List<String> settableParameters(WorkloadKind kind) {
    // Asked for every parameter of every point: introspected once per kind.
    return SETTABLE.computeIfAbsent(kind, ScenarioPlan::introspectSettable);
  }

  private static final Map<WorkloadKind, List<String>> SETTABLE = new java.util.concurrent.ConcurrentHashMap<>();

  private static List<String> introspectSettable(WorkloadKind kind) {
    List<String> names = new ArrayList<>();
    // An external workload's own fields (command, results...) are not swept; its parameters go to the tool.
    if (!takesAnyParameter(kind)) {
      MAPPER.getSerializationConfig().introspect(MAPPER.constructType(workloadClass(kind)))
          .findProperties().forEach(p -> names.add(p.getName()));
    }
    names.add("connections");
    names.add("rate");
    names.add(PODS);
    return List.copyOf(names);
  }

  private static ObjectNode targetOf(String key, WorkloadKind kind, String scenario) {
    List<String> workloadFields = new ArrayList<>(settableParameters(kind));
    workloadFields.remove("connections");
    workloadFields.remove("rate");
    workloadFields.remove(PODS);
    if (workloadFields.contains(key)) {
      return WORKLOAD_FIELD;
    }
    if (key.equals(PODS)) {
      return PODS_AXIS;
    }
    if (key.equals("connections") || key.equals("rate")) {
      return LOAD_FIELD;
    }
    if (takesAnyParameter(kind)) {
      return TOOL_PARAMETER;
    }
    throw new IllegalArgumentException("scenario " + Humanize.quote(scenario) + ": matrix parameter "
        + Humanize.quote(key) + " is not a field of the " + kind.field() + " workload or of load; it can sweep " + settableParameters(kind));
  }

  static Class<?> workloadClass(WorkloadKind kind) {
    return switch (kind) {
      case REDIS -> dev.regatta.api.v1alpha1.RedisWorkload.class;
      case HTTP -> dev.regatta.api.v1alpha1.HttpWorkload.class;
      case S3 -> dev.regatta.api.v1alpha1.S3Workload.class;
      case KAFKA -> dev.regatta.api.v1alpha1.KafkaWorkload.class;
      case STREAM -> dev.regatta.api.v1alpha1.StreamWorkload.class;
      case GRPC -> dev.regatta.api.v1alpha1.GrpcWorkload.class;
      case EXTERNAL -> dev.regatta.api.v1alpha1.ExternalWorkload.class;
    };
  }

  /** Numbers stay numbers in the tree so that Integer/Double fields accept them. */
  private static JsonNode scalar(String v) {
    try {
      long n = Long.parseLong(v);
      // An int node where the value fits: IntOrString fields (sizes) only accept int tokens.
      return n == (int) n ? MAPPER.getNodeFactory().numberNode((int) n) : MAPPER.getNodeFactory().numberNode(n);
    } catch (NumberFormatException e) {
      try {
        return MAPPER.getNodeFactory().numberNode(Double.parseDouble(v));
      } catch (NumberFormatException e2) {
        if (v.equals("true") || v.equals("false")) {
          return MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(v));
        }
        return MAPPER.getNodeFactory().textNode(v);
      }
    }
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** e.g. "read-sweep {bufferSize=4096, transport=redis}". */
  public String label() {
    return params.isEmpty() ? scenario : scenario + " " + params;
  }

  /**
   * This point with its matrix values that are addresses mapped (local mode: in-cluster names to stand-ins) in the
   * workload it runs, while {@link #params()} keep the run's own text: rows are named by what the run says.
   */
  public ScenarioPlan withAddresses(dev.regatta.api.AddressMap map) {
    if (map == null || map.isEmpty() || params.isEmpty()) {
      return this;
    }
    ObjectNode tree = MAPPER.valueToTree(workload);
    boolean changed = false;
    for (String key : params.keySet()) {
      JsonNode v = tree.get(key);
      if (v != null && v.isTextual()) {
        String mapped = map.rewrite(v.asText());
        if (!mapped.equals(v.asText())) {
          tree.put(key, mapped);
          changed = true;
        }
      }
    }
    if (!changed) {
      return this;
    }
    Object mapped = bind(tree, workload.getClass(), kind.field(), scenario, params);
    return new ScenarioPlan(scenario, params, kind, mapped, load, duration, iterations, warmup, repeats, labels,
        headline, activePods, percentiles);
  }

  /** How long this point's repeats keep a pod busy when iterations do not end them early: what an idle pod waits. */
  public Duration plannedLength() {
    Duration each = (warmup == null ? Duration.ZERO : warmup).plus(duration == null ? Duration.ZERO : duration);
    return each.multipliedBy(repeats);
  }
}
