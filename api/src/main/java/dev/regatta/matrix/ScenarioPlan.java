package dev.regatta.matrix;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.read.StrictBinding;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
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
 * @param duration the measured window; null when iterations is set
 * @param iterations measured operations per pod; null when duration is set
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
    int repeats) {

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
          + " needs exactly one workload: redis, http, s3, kafka, stream or grpc");
    }
    Load load = firstNonNull(s.getLoad(), d.getLoad(), Load.closed(10));
    Long iterations = firstNonNull(s.getIterations(), s.getDuration() != null ? null : d.getIterations(), null);
    String durationText = iterations != null ? null
        : firstNonNull(s.getDuration(), d.getDuration(), ScenarioDefaults.DEFAULT_DURATION);
    Duration duration = durationText == null ? null : Durations.parse(durationText);
    Duration warmup = Durations.parse(firstNonNull(s.getWarmup(), d.getWarmup(), ScenarioDefaults.DEFAULT_WARMUP));
    int repeats = firstNonNull(s.getRepeats(), d.getRepeats(), 1);

    List<ScenarioPlan> plans = new ArrayList<>();
    for (Map<String, String> point : MatrixExpander.expand(s.getMatrix())) {
      ObjectNode workloadTree = MAPPER.valueToTree(kind.of(s));
      ObjectNode loadTree = MAPPER.valueToTree(load);
      for (Map.Entry<String, String> p : point.entrySet()) {
        ObjectNode target = targetOf(p.getKey(), kind, s.getName());
        if (target == WORKLOAD_FIELD) {
          workloadTree.set(p.getKey(), scalar(p.getValue()));
        } else {
          loadTree.set(p.getKey(), scalar(p.getValue()));
        }
      }
      Object workload = bind(workloadTree, kind.of(s).getClass(), kind.field(), s.getName(), point);
      Load pointLoad = bind(loadTree, Load.class, "load", s.getName(), point);
      plans.add(new ScenarioPlan(s.getName(), point, kind, workload, pointLoad, duration, iterations, warmup,
          repeats));
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

  /** Names the fields a matrix key may set for this workload kind: the workload's, then connections/rate. */
  public static List<String> settableParameters(WorkloadKind kind) {
    // Asked for every parameter of every point: introspected once per kind.
    return SETTABLE.computeIfAbsent(kind, ScenarioPlan::introspectSettable);
  }

  private static final Map<WorkloadKind, List<String>> SETTABLE = new java.util.concurrent.ConcurrentHashMap<>();

  private static List<String> introspectSettable(WorkloadKind kind) {
    List<String> names = new ArrayList<>();
    MAPPER.getSerializationConfig().introspect(MAPPER.constructType(workloadClass(kind)))
        .findProperties().forEach(p -> names.add(p.getName()));
    names.add("connections");
    names.add("rate");
    return List.copyOf(names);
  }

  private static ObjectNode targetOf(String key, WorkloadKind kind, String scenario) {
    List<String> workloadFields = new ArrayList<>(settableParameters(kind));
    workloadFields.remove("connections");
    workloadFields.remove("rate");
    if (workloadFields.contains(key)) {
      return WORKLOAD_FIELD;
    }
    if (key.equals("connections") || key.equals("rate")) {
      return LOAD_FIELD;
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
}
