package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;

/** S3 through the AWS SDK v2, with the HTTP client implementation as a parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Workload extends S3Endpoint {
  public enum Op {
    @JsonProperty("get") GET,
    @JsonProperty("put") PUT,
    @JsonProperty("list") LIST
  }

  public enum Client {
    @JsonProperty("apache") APACHE,
    @JsonProperty("urlconnection") URLCONNECTION,
    @JsonProperty("netty") NETTY,
    @JsonProperty("crt") CRT
  }

  @Required
  @Size(min = 1, max = Limits.MAX_BUCKET)
  private String bucket;

  @JsonPropertyDescription("get: the object to read. Default regatta/blob.")
  @Size(min = 1, max = Limits.MAX_KEY)
  private String key;

  @JsonPropertyDescription("put/list: key prefix. Default regatta/put/.")
  @Size(max = Limits.MAX_KEY)
  private String keyPrefix;

  @Default("get")
  private Op op = Op.GET;

  @Default("apache")
  @JsonPropertyDescription("SDK HTTP client: apache and urlconnection (sync), netty (async), crt (AWS CRT, async).")
  private Client client = Client.APACHE;

  @JsonPropertyDescription("put: object size; get: size of the object written first when prepare is true. Default 1Mi.")
  @ByteSize(max = Limits.MAX_OBJECT_SIZE)
  private IntOrString objectSize;

  @JsonPropertyDescription("get: read the body in buffers of this size. Default 65536.")
  @ByteSize(min = 1, max = Limits.MAX_BUFFER_SIZE)
  private IntOrString bufferSize;

  @JsonPropertyDescription("get: fetch byte ranges of this size at random offsets instead of whole objects.")
  @ByteSize(max = Limits.MAX_OBJECT_SIZE)
  private IntOrString rangeSize;

  @JsonPropertyDescription("get: write the object (objectSize bytes) during preparation if it does not exist.")
  private Boolean prepare;

  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public String getKeyPrefix() { return keyPrefix; }
  public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
  public Op getOp() { return op; }
  public void setOp(Op op) { this.op = op; }
  public Client getClient() { return client; }
  public void setClient(Client client) { this.client = client; }
  public IntOrString getObjectSize() { return objectSize; }
  public void setObjectSize(IntOrString objectSize) { this.objectSize = objectSize; }
  public IntOrString getBufferSize() { return bufferSize; }
  public void setBufferSize(IntOrString bufferSize) { this.bufferSize = bufferSize; }
  public IntOrString getRangeSize() { return rangeSize; }
  public void setRangeSize(IntOrString rangeSize) { this.rangeSize = rangeSize; }
  public Boolean getPrepare() { return prepare; }
  public void setPrepare(Boolean prepare) { this.prepare = prepare; }
}
