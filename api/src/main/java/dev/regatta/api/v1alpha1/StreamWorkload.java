package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A stream pipeline: generator -> broker -> dispatcher -> workers. In default mode the payload travels
 * through the broker; in proxy mode only a key does and the payload goes through Redis or S3.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.broker != 'kafka' || has(self.kafkaBootstrapServers)",
    message = "broker: kafka needs kafkaBootstrapServers")
@ValidationRule(value = "!has(self.payloadStore) || self.payloadStore != 's3' || has(self.s3)",
    message = "payloadStore: s3 needs s3")
@ValidationRule(value = "!self.redisUrl.matches('" + Urls.USER_INFO_RULE + "')",
    message = "the redisUrl must not hold credentials")
public class StreamWorkload {
  public enum Broker {
    @JsonProperty("redis") REDIS,
    @JsonProperty("kafka") KAFKA
  }

  public enum Mode {
    @JsonProperty("default") DEFAULT,
    @JsonProperty("proxy") PROXY
  }

  /** How the generator spaces its tasks. */
  public enum Pacing {
    /** As fast as the workers take them, at most a window of tasks in flight. */
    @JsonProperty("window") WINDOW,
    /** One task every taskSleep / (workers - 1) (every taskSleep with one worker), like the original generator. */
    @JsonProperty("interval") INTERVAL
  }

  public enum PayloadStore {
    @JsonProperty("redis") REDIS,
    @JsonProperty("s3") S3
  }

  @Default("redis")
  @JsonPropertyDescription("redis (pub/sub) or kafka.")
  private Broker broker = Broker.REDIS;

  @Default("default")
  @JsonPropertyDescription("default: payload through the broker. proxy: only a key through the broker, payload via payloadStore.")
  private Mode mode = Mode.DEFAULT;

  @Default("redis://127.0.0.1:6379")
  @Pattern(RedisWorkload.URL)
  @Size(max = Limits.MAX_URL)
  @JsonPropertyDescription("Redis for the pub/sub broker and the proxy payload store. Default: the pod's redis sidecar.")
  private String redisUrl = "redis://127.0.0.1:6379";

  @Size(min = 1, max = Limits.MAX_BOOTSTRAP_SERVERS)
  private String kafkaBootstrapServers;

  @JsonPropertyDescription("proxy mode: where payloads go. Default redis.")
  private PayloadStore payloadStore;

  @JsonPropertyDescription("payloadStore s3: bucket and endpoint for payloads.")
  private S3Bucket s3;

  @JsonPropertyDescription("Payload bytes per task. Default 1024.")
  @ByteSize(max = Limits.MAX_VALUE_SIZE)
  private IntOrString dataSize;

  @Min(1)
  @Max(Limits.MAX_TASKS)
  @JsonPropertyDescription("Tasks the generator emits per measured window (the pipeline ends when all are done). Default 1000.")
  private Integer tasks;

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Time each worker spends on a task (simulated work). Default 0s.")
  private String taskSleep;

  @Min(1)
  @Max(Limits.MAX_WORKERS)
  @JsonPropertyDescription("Worker threads. Default 4.")
  private Integer workers;

  @JsonPropertyDescription("window (default): tasks as fast as the workers take them, a bounded window in flight. "
      + "interval: one task every taskSleep / (workers - 1), as the original stream benchmark's generator (the window "
      + "still bounds what is in flight).")
  private Pacing pacing;

  public Broker getBroker() { return broker; }
  public void setBroker(Broker broker) { this.broker = broker; }
  public Mode getMode() { return mode; }
  public void setMode(Mode mode) { this.mode = mode; }
  public String getRedisUrl() { return redisUrl; }
  public void setRedisUrl(String redisUrl) { this.redisUrl = redisUrl; }
  public String getKafkaBootstrapServers() { return kafkaBootstrapServers; }
  public void setKafkaBootstrapServers(String kafkaBootstrapServers) { this.kafkaBootstrapServers = kafkaBootstrapServers; }
  public PayloadStore getPayloadStore() { return payloadStore; }
  public void setPayloadStore(PayloadStore payloadStore) { this.payloadStore = payloadStore; }
  public S3Bucket getS3() { return s3; }
  public void setS3(S3Bucket s3) { this.s3 = s3; }
  public IntOrString getDataSize() { return dataSize; }
  public void setDataSize(IntOrString dataSize) { this.dataSize = dataSize; }
  public Integer getTasks() { return tasks; }
  public void setTasks(Integer tasks) { this.tasks = tasks; }
  public String getTaskSleep() { return taskSleep; }
  public void setTaskSleep(String taskSleep) { this.taskSleep = taskSleep; }
  public Integer getWorkers() { return workers; }
  public void setWorkers(Integer workers) { this.workers = workers; }
  public Pacing getPacing() { return pacing; }
  public void setPacing(Pacing pacing) { this.pacing = pacing; }
}
