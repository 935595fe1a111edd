package dev.regatta.validation;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.Load;
import dev.regatta.api.v1alpha1.MatrixAxis;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.Preload;
import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.Scenario;
import dev.regatta.api.v1alpha1.ScenarioDefaults;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.api.v1alpha1.Stage;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.matrix.MatrixExpander;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Durations;
import dev.regatta.units.Sizes;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's own check of a run, the same rules as the CRD schema and its CEL rules plus what a
 * schema cannot say (name lengths, matrix parameters, sizes). A cluster without CEL still gets a clear
 * message naming the field.
 */
public final class SpecValidator {
  public static final int MAX_TOTAL_PODS = 10_000;
  /** Job pods are named JOB-INDEX-xxxxx and must stay within 63 characters. */
  public static final int MAX_JOB_NAME = 52;
  /** The CRD's maxProperties on a scenario's matrix. */
  public static final int MAX_MATRIX_PARAMETERS = 16;

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$");
  private static final Pattern SCENARIO_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$");

  private final List<Violation> violations = new ArrayList<>();

  private SpecValidator() {}

  /** Every violation in the run, in field order; empty when the run is valid. */
  public static List<Violation> validate(BenchmarkRun run) {
    SpecValidator v = new SpecValidator();
    String name = run.getMetadata() == null ? null : run.getMetadata().getName();
    v.spec(run.getSpec(), name);
    return v.violations;
  }

  /** Validates a spec on its own (no run name, so name-length rules are skipped). */
  public static List<Violation> validate(BenchmarkRunSpec spec) {
    SpecValidator v = new SpecValidator();
    v.spec(spec, null);
    return v.violations;
  }

  /** One message for all violations, e.g. for a condition. */
  public static String describe(List<Violation> violations) {
    StringBuilder b = new StringBuilder();
    for (Violation v : violations) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(v);
    }
    return b.toString();
  }

  private void fail(String field, String message) {
    violations.add(new Violation(field, message));
  }

  private void spec(BenchmarkRunSpec spec, String runName) {
    if (spec == null) {
      fail("spec", "is required");
      return;
    }
    if (runName != null && runName.length() > 40) {
      fail("metadata.name", "'" + runName + "' is longer than 40 characters (it prefixes Job, pod and ConfigMap names)");
    }
    placements(spec.getPlacements(), runName);
    sidecars(spec.getSidecars());
    if (spec.getDefaults() != null) {
      defaults("spec.defaults", spec.getDefaults());
    }
    scenarios(spec);
    if (spec.getResults() != null && spec.getResults().getS3() != null) {
      S3Bucket s3 = spec.getResults().getS3();
      required("spec.results.s3.bucket", s3.getBucket());
      credentials("spec.results.s3.credentialsSecret", s3);
    }
    positiveDuration("spec.timeout", spec.getTimeout());
    positiveDuration("spec.startTimeout", spec.getStartTimeout());
    duration("spec.startDelay", spec.getStartDelay());
    duration("spec.ttlAfterFinished", spec.getTtlAfterFinished());
  }

  private void placements(List<Placement> placements, String runName) {
    if (placements == null || placements.isEmpty()) {
      fail("spec.placements", "at least one placement group is required");
      return;
    }
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < placements.size(); i++) {
      Placement p = placements.get(i);
      String f = "spec.placements[" + i + "]";
      if (p.getName() == null || !DNS_LABEL.matcher(p.getName()).matches()) {
        fail(f + ".name", "'" + p.getName() + "' must be a DNS label of at most 30 characters (a-z, 0-9, -)");
      } else if (!names.add(p.getName())) {
        fail(f + ".name", "'" + p.getName() + "' is used by another placement");
      } else if (runName != null && Protocol.jobName(runName, p.getName()).length() > MAX_JOB_NAME) {
        fail(f + ".name", "Job name '" + Protocol.jobName(runName, p.getName()) + "' would be longer than "
            + MAX_JOB_NAME + " characters: shorten the run or placement name");
      }
      if (p.getPods() == null) {
        fail(f + ".pods", "is required");
      } else if (p.getPods() < 1) {
        fail(f + ".pods", "must be at least 1, got " + p.getPods());
      } else if (p.getPods() > MAX_TOTAL_PODS) {
        fail(f + ".pods", "must be at most " + MAX_TOTAL_PODS + ", got " + p.getPods());
      } else {
        total += p.getPods();
      }
    }
    if (total > MAX_TOTAL_PODS) {
      fail("spec.placements", "at most " + MAX_TOTAL_PODS + " pods in all, got " + total);
    }
  }

  private void sidecars(List<Sidecar> sidecars) {
    if (sidecars == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < sidecars.size(); i++) {
      Sidecar s = sidecars.get(i);
      String f = "spec.sidecars[" + i + "]";
      if (s.getName() == null || !DNS_LABEL.matcher(s.getName()).matches()) {
        fail(f + ".name", "'" + s.getName() + "' must be a DNS label of at most 30 characters");
      } else if (!names.add(s.getName()) || s.getName().equals(Protocol.RUNNER_CONTAINER)) {
        fail(f + ".name", "'" + s.getName() + "' is already a container name in the pod");
      }
      if (s.getPort() != null && (s.getPort() < 1 || s.getPort() > 65535)) {
        fail(f + ".port", "must be 1..65535, got " + s.getPort());
      } else if (s.getPort() != null && !ports.add(s.getPort())) {
        fail(f + ".port", s.getPort() + " is used by another sidecar");
      }
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
          credentials(f + ".preload.s3.credentialsSecret", p.getS3());
        }
        if (p.getHttp() != null) {
          url(f + ".preload.http.url", p.getHttp().getUrl(), "http");
        }
        if (p.getGenerate() != null) {
          if (p.getGenerate().getSize() == null) {
            fail(f + ".preload.generate.size", "is required");
          } else {
            size(f + ".preload.generate.size", p.getGenerate().getSize());
          }
        }
      }
    }
  }

  private void defaults(String f, ScenarioDefaults d) {
    if (d.getDuration() != null && d.getIterations() != null) {
      fail(f, "set duration or iterations, not both");
    }
    positiveDuration(f + ".duration", d.getDuration());
    duration(f + ".warmup", d.getWarmup());
    if (d.getIterations() != null && d.getIterations() < 1) {
      fail(f + ".iterations", "must be at least 1, got " + d.getIterations());
    }
    if (d.getRepeats() != null && (d.getRepeats() < 1 || d.getRepeats() > 100)) {
      fail(f + ".repeats", "must be 1..100, got " + d.getRepeats());
    }
    if (d.getLoad() != null) {
      load(f + ".load", d.getLoad());
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
    if (load.getRate() != null && !(load.getRate() > 0)) {
      fail(f + ".rate", "must be greater than 0, got " + load.getRate());
    }
    if (load.getConnections() != null && load.getConnections() < 1) {
      fail(f + ".connections", "must be at least 1, got " + load.getConnections());
    }
    if (hasStages) {
      for (int i = 0; i < load.getStages().size(); i++) {
        Stage s = load.getStages().get(i);
        positiveDuration(f + ".stages[" + i + "].duration", s.getDuration());
        if (s.getDuration() == null) {
          fail(f + ".stages[" + i + "].duration", "is required");
        }
        if (s.getRate() == null || s.getRate() < 0) {
          fail(f + ".stages[" + i + "].rate", "must be 0 or more");
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
    Set<String> names = new HashSet<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      String f = "spec.scenarios[" + i + "]";
      if (s.getName() == null || !SCENARIO_NAME.matcher(s.getName()).matches()) {
        fail(f + ".name", "'" + s.getName() + "' must be 1-63 characters of a-z, 0-9, '-', '_', '.'");
      } else if (!names.add(s.getName())) {
        fail(f + ".name", "'" + s.getName() + "' is used by another scenario");
      }
      int workloads = 0;
      for (WorkloadKind k : WorkloadKind.values()) {
        workloads += k.of(s) != null ? 1 : 0;
      }
      if (workloads != 1) {
        fail(f, "a scenario needs exactly one workload: redis, http, s3, kafka or stream (got " + workloads + ")");
      }
      defaults(f, s);
      if (s.getRedis() != null) {
        redis(f + ".redis", s.getRedis());
      }
      if (s.getHttp() != null) {
        http(f + ".http", s.getHttp());
      }
      if (s.getS3() != null) {
        s3(f + ".s3", s.getS3());
      }
      if (s.getKafka() != null) {
        kafka(f + ".kafka", s.getKafka());
      }
      if (s.getStream() != null) {
        stream(f + ".stream", s.getStream());
      }
      matrix(f, s, spec.getDefaults(), workloads == 1);
    }
  }

  private void matrix(String f, Scenario s, ScenarioDefaults defaults, boolean oneWorkload) {
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
      boolean hasValues = a.getValues() != null && !a.getValues().isEmpty();
      if (hasValues == (a.getPowersOfTwo() != null)) {
        fail(af, "takes either values or powersOfTwo");
        axesOk = false;
      }
      if (a.getPowersOfTwo() != null) {
        Integer from = a.getPowersOfTwo().getFrom();
        Integer to = a.getPowersOfTwo().getTo();
        if (from == null || to == null || from < 0 || to > 40 || from > to) {
          fail(af + ".powersOfTwo", "needs 0 <= from <= to <= 40, got from " + from + " to " + to);
          axesOk = false;
        }
      }
      if (!settable.contains(e.getKey())) {
        fail(af, "'" + e.getKey() + "' is not a parameter of the " + s.workloadKind().field()
            + " workload; it can sweep " + settable);
        axesOk = false;
      }
    }
    if (!axesOk) {
      return;
    }
    if (MatrixExpander.size(matrix) > MatrixExpander.MAX_POINTS) {
      fail(f + ".matrix", "has " + MatrixExpander.size(matrix) + " points, more than " + MatrixExpander.MAX_POINTS);
      return;
    }
    try {
      ScenarioPlan.of(s, defaults);
    } catch (IllegalArgumentException e) {
      fail(f + ".matrix", e.getMessage());
    }
  }

  private void redis(String f, RedisWorkload r) {
    url(f + ".url", r.getUrl(), "redis");
    size(f + ".valueSize", r.getValueSize());
    size(f + ".bufferSize", r.getBufferSize());
    if (r.getPipeline() != null && r.getPipeline() < 1) {
      fail(f + ".pipeline", "must be at least 1, got " + r.getPipeline());
    }
    if (r.getKeySpace() != null && r.getKeySpace() < 1) {
      fail(f + ".keySpace", "must be at least 1, got " + r.getKeySpace());
    }
    if (r.getReadPercent() != null && (r.getReadPercent() < 0 || r.getReadPercent() > 100)) {
      fail(f + ".readPercent", "must be 0..100, got " + r.getReadPercent());
    }
  }

  private void http(String f, HttpWorkload h) {
    url(f + ".url", h.getUrl(), "http");
    size(f + ".bodySize", h.getBodySize());
    size(f + ".bufferSize", h.getBufferSize());
    positiveDuration(f + ".timeout", h.getTimeout());
    if (h.getBody() != null && h.getBodySize() != null) {
      fail(f + ".bodySize", "set body or bodySize, not both");
    }
  }

  private void s3(String f, S3Workload s) {
    required(f + ".bucket", s.getBucket());
    size(f + ".objectSize", s.getObjectSize());
    size(f + ".bufferSize", s.getBufferSize());
    size(f + ".rangeSize", s.getRangeSize());
    credentials(f + ".credentialsSecret", s);
  }

  private void kafka(String f, KafkaWorkload k) {
    required(f + ".bootstrapServers", k.getBootstrapServers());
    size(f + ".messageSize", k.getMessageSize());
    size(f + ".batchSize", k.getBatchSize());
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
    }
    url(f + ".redisUrl", s.getRedisUrl(), "redis");
    size(f + ".dataSize", s.getDataSize());
    duration(f + ".taskSleep", s.getTaskSleep());
  }

  private void credentials(String f, dev.regatta.api.v1alpha1.S3Endpoint e) {
    if (e.getCredentialsSecret() != null) {
      required(f + ".name", e.getCredentialsSecret().getName());
    }
  }

  private void url(String f, String url, String scheme) {
    if (url == null) {
      return;
    }
    Pattern p = Pattern.compile("^" + scheme + "s?://[^\\s/]+.*$");
    if (!p.matcher(url).matches()) {
      fail(f, "'" + url + "' must be a " + scheme + ":// or " + scheme + "s:// URL");
    }
  }

  private void required(String f, String value) {
    if (isBlank(value)) {
      fail(f, "is required");
    }
  }

  private void size(String f, IntOrString value) {
    if (value == null) {
      return;
    }
    try {
      long n = Sizes.parse(value, 0);
      if (n < 0) {
        fail(f, "must not be negative, got " + n);
      }
    } catch (IllegalArgumentException e) {
      fail(f, e.getMessage());
    }
  }

  private void duration(String f, String text) {
    if (text != null && !Durations.isValid(text)) {
      fail(f, "'" + text + "' is not a duration: use e.g. 500ms, 10s, 1m30s (negative durations are not allowed)");
    }
  }

  private void positiveDuration(String f, String text) {
    if (text == null) {
      return;
    }
    if (!Durations.isValid(text)) {
      duration(f, text);
    } else if (Durations.parse(text).isZero()) {
      fail(f, "must be longer than 0s");
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
