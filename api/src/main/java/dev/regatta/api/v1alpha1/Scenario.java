package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing to measure: exactly one workload, optionally swept over a parameter matrix.
 * Inherits load, duration/iterations, warmup and repeats from spec.defaults where it does not set them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// "set duration or iterations, not both" is inherited from ScenarioDefaults.
@ValidationRule(value = "[has(self.redis), has(self.http), has(self.s3), has(self.kafka), has(self.stream), has(self.grpc), has(self.external)].filter(x, x).size() == 1",
    message = "a scenario needs exactly one workload: redis, http, s3, kafka, stream, grpc or external")
public class Scenario extends ScenarioDefaults {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$")
  // maxLength repeats what the pattern says because the API server's CEL cost estimate reads only
  // maxLength: without it the uniqueness rule on spec.scenarios is priced for megabyte-long names.
  @Size(max = Limits.MAX_SCENARIO_NAME)
  @JsonPropertyDescription("Scenario name, as it appears in results.")
  private String name;

  private RedisWorkload redis;
  private HttpWorkload http;
  private S3Workload s3;
  private KafkaWorkload kafka;
  private StreamWorkload stream;
  private GrpcWorkload grpc;
  private ExternalWorkload external;

  @JsonPropertyDescription("The figure this scenario is about, shown first (status.summary, the THROUGHPUT column, "
      + "reports): throughput (operations/s) or bandwidth (payload MB/s, 10^6 bytes). Default: bandwidth for blob "
      + "reads, S3 GETs/PUTs of objects of 1Mi or more and bufferSize sweeps; throughput otherwise.")
  private Headline headline;

  @JsonPropertyDescription("Parameters to sweep. Keys name a workload field (e.g. bufferSize, valueSize, client) or a load field "
      + "(connections, rate); each takes a list of values or a power-of-two range. Points are the cartesian product, "
      + "first key outermost.")
  // Bounded so that the CEL cost estimate of the per-axis rules stays small (no sweep needs more axes).
  @Size(max = Limits.MAX_MATRIX_PARAMETERS)
  private Map<String, MatrixAxis> matrix = new LinkedHashMap<>();

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public RedisWorkload getRedis() { return redis; }
  public void setRedis(RedisWorkload redis) { this.redis = redis; }
  public HttpWorkload getHttp() { return http; }
  public void setHttp(HttpWorkload http) { this.http = http; }
  public S3Workload getS3() { return s3; }
  public void setS3(S3Workload s3) { this.s3 = s3; }
  public KafkaWorkload getKafka() { return kafka; }
  public void setKafka(KafkaWorkload kafka) { this.kafka = kafka; }
  public StreamWorkload getStream() { return stream; }
  public Headline getHeadline() { return headline; }
  public void setHeadline(Headline headline) { this.headline = headline; }
  public void setStream(StreamWorkload stream) { this.stream = stream; }
  public GrpcWorkload getGrpc() { return grpc; }
  public void setGrpc(GrpcWorkload grpc) { this.grpc = grpc; }
  public ExternalWorkload getExternal() { return external; }
  public void setExternal(ExternalWorkload external) { this.external = external; }
  public Map<String, MatrixAxis> getMatrix() { return matrix; }
  public void setMatrix(Map<String, MatrixAxis> matrix) { this.matrix = matrix; }

  /** The workload kind this scenario sets, or null when it sets none or several (validation reports both). */
  @JsonIgnore
  public WorkloadKind workloadKind() {
    WorkloadKind found = null;
    for (WorkloadKind kind : WorkloadKind.values()) {
      if (kind.of(this) != null) {
        if (found != null) {
          return null;
        }
        found = kind;
      }
    }
    return found;
  }

  /** The workload object of this scenario (see {@link #workloadKind()}). */
  @JsonIgnore
  public Object workload() {
    WorkloadKind kind = workloadKind();
    return kind == null ? null : kind.of(this);
  }
}
