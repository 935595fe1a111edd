package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * Redis: GET/SET/mixed over a key space, or a large blob read in chunks (GETRANGE), through Jedis or the
 * runner's own event-loop RESP client ({@link Client}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!self.url.matches('" + Urls.USER_INFO_RULE + "')",
    message = "the url must not hold credentials: put the password in a Secret and name it in passwordSecret")
public class RedisWorkload {
  public static final String URL = "^rediss?://[^\\s]+$";

  public enum Op {
    @JsonProperty("get") GET,
    @JsonProperty("set") SET,
    @JsonProperty("mixed") MIXED,
    @JsonProperty("blobRead") BLOB_READ
  }

  /** Which client sends the commands. */
  public enum Client {
    /** Jedis, the product's Redis client: one blocking connection per load thread. */
    @JsonProperty("jedis") JEDIS,
    /** The runner's own RESP client on event loops (a selector thread per two cores), like redis-benchmark. */
    @JsonProperty("nio") NIO
  }

  @Default("redis://127.0.0.1:6379")
  @Pattern(URL)
  @Size(max = Limits.MAX_URL)
  @JsonPropertyDescription("Target, redis://host:port or rediss://host:port. Default: the redis sidecar of the pod.")
  private String url = "redis://127.0.0.1:6379";

  @Default("get")
  @JsonPropertyDescription("get, set, mixed (readPercent GETs, the rest SETs) or blobRead (read key in bufferSize chunks).")
  private Op op = Op.GET;

  @Min(1)
  @Max(Limits.MAX_KEY_SPACE)
  @JsonPropertyDescription("Number of distinct keys (get/set/mixed). Default 10000.")
  private Integer keySpace;

  @JsonPropertyDescription("Value size for set (and the values get reads, which the runner writes before warm-up). Default 100.")
  @ByteSize(max = Limits.MAX_VALUE_SIZE)
  private IntOrString valueSize;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("mixed: percentage of GETs. Default 90.")
  private Integer readPercent;

  @Min(1)
  @Max(Limits.MAX_PIPELINE)
  @JsonPropertyDescription("Commands in flight per connection (pipelining depth). Default 1.")
  private Integer pipeline;

  @JsonPropertyDescription("blobRead: the key holding the blob (a sidecar preload key). Default blob.")
  @Size(min = 1, max = Limits.MAX_KEY)
  private String key;

  @JsonPropertyDescription("blobRead: bytes per GETRANGE (the read buffer size). Default 65536.")
  @ByteSize(min = 1, max = Limits.MAX_BUFFER_SIZE)
  private IntOrString bufferSize;

  @JsonPropertyDescription("Client: jedis (Jedis, one blocking connection per load thread) or nio (the runner's "
      + "event-loop RESP client: get/set/mixed, plain connection, closed model). Default: nio where it applies, "
      + "else jedis (blobRead, TLS, AUTH, a database number, the open model).")
  private Client client;

  @JsonPropertyDescription("Secret key holding the password, if the server needs AUTH.")
  private io.fabric8.kubernetes.api.model.SecretKeySelector passwordSecret;

  public String getUrl() { return url; }
  public void setUrl(String url) { this.url = url; }
  public Op getOp() { return op; }
  public void setOp(Op op) { this.op = op; }
  public Integer getKeySpace() { return keySpace; }
  public void setKeySpace(Integer keySpace) { this.keySpace = keySpace; }
  public IntOrString getValueSize() { return valueSize; }
  public void setValueSize(IntOrString valueSize) { this.valueSize = valueSize; }
  public Integer getReadPercent() { return readPercent; }
  public void setReadPercent(Integer readPercent) { this.readPercent = readPercent; }
  public Integer getPipeline() { return pipeline; }
  public void setPipeline(Integer pipeline) { this.pipeline = pipeline; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public IntOrString getBufferSize() { return bufferSize; }
  public void setBufferSize(IntOrString bufferSize) { this.bufferSize = bufferSize; }
  public Client getClient() { return client; }
  public void setClient(Client client) { this.client = client; }
  public io.fabric8.kubernetes.api.model.SecretKeySelector getPasswordSecret() { return passwordSecret; }
  public void setPasswordSecret(io.fabric8.kubernetes.api.model.SecretKeySelector passwordSecret) { this.passwordSecret = passwordSecret; }
}
