package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;

/** Kafka through kafka-clients: produce, consume, or end-to-end latency (timestamp in the message). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaWorkload {
  public enum Op {
    @JsonProperty("produce") PRODUCE,
    @JsonProperty("consume") CONSUME,
    @JsonProperty("endToEnd") END_TO_END
  }

  @Required
  @Size(min = 1, max = Limits.MAX_BOOTSTRAP_SERVERS)
  @JsonPropertyDescription("bootstrap.servers, e.g. kafka.kafka.svc:9092.")
  private String bootstrapServers;

  @Default("regatta-bench")
  @Pattern("^[a-zA-Z0-9._-]+$")
  @Size(max = Limits.MAX_TOPIC)
  private String topic = "regatta-bench";

  @Default("produce")
  private Op op = Op.PRODUCE;

  @JsonPropertyDescription("Message size. Default 1024.")
  @ByteSize(max = Limits.MAX_MESSAGE_SIZE)
  private IntOrString messageSize;

  @Pattern("^(0|1|all|-1)$")
  @Size(max = 3)
  @JsonPropertyDescription("Producer acks: 0, 1 or all. Default all.")
  private String acks;

  @JsonPropertyDescription("Producer batch.size in bytes. Default 16384.")
  @ByteSize(max = Limits.MAX_MESSAGE_SIZE)
  private IntOrString batchSize;

  @Min(0)
  @Max(Limits.MAX_LINGER_MS)
  @JsonPropertyDescription("Producer linger.ms. Default 0.")
  private Integer lingerMs;

  @Pattern("^(none|gzip|snappy|lz4|zstd)$")
  @Size(max = 6)
  private String compression;

  @Min(1)
  @Max(Limits.MAX_PARTITIONS)
  @JsonPropertyDescription("Partitions of the topic when the runner creates it. Default 1.")
  private Integer partitions;

  public String getBootstrapServers() { return bootstrapServers; }
  public void setBootstrapServers(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }
  public String getTopic() { return topic; }
  public void setTopic(String topic) { this.topic = topic; }
  public Op getOp() { return op; }
  public void setOp(Op op) { this.op = op; }
  public IntOrString getMessageSize() { return messageSize; }
  public void setMessageSize(IntOrString messageSize) { this.messageSize = messageSize; }
  public String getAcks() { return acks; }
  public void setAcks(String acks) { this.acks = acks; }
  public IntOrString getBatchSize() { return batchSize; }
  public void setBatchSize(IntOrString batchSize) { this.batchSize = batchSize; }
  public Integer getLingerMs() { return lingerMs; }
  public void setLingerMs(Integer lingerMs) { this.lingerMs = lingerMs; }
  public String getCompression() { return compression; }
  public void setCompression(String compression) { this.compression = compression; }
  public Integer getPartitions() { return partitions; }
  public void setPartitions(Integer partitions) { this.partitions = partitions; }
}
