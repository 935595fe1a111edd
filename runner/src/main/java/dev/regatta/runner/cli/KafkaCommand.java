package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.KafkaWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Produce, consume or end-to-end latency against a Kafka cluster (kafka-clients).",
        "produce: latency is send to ack, one unacknowledged message per connection. consume: one record per "
            + "operation, each connection reads every partition. endToEnd: a consumer hands back each "
            + "timestamped message; latency is consumed minus sent."})
public final class KafkaCommand extends WorkloadCommand {
  @Option(names = {"--bootstrap-servers", "--brokers"}, required = true, paramLabel = "HOST:PORT[,...]")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = "regatta-bench", paramLabel = "TOPIC", description = "(default ${DEFAULT-VALUE}); created if missing.")
  String topic;

  @Option(names = "--op", defaultValue = "produce", paramLabel = "OP", description = "produce, consume or endToEnd (default ${DEFAULT-VALUE}).")
  String op;

  @Option(names = "--message-size", paramLabel = "BYTES", description = "(default 1024)")
  String messageSize;

  @Option(names = "--acks", paramLabel = "ACKS", description = "0, 1 or all (default all).")
  String acks;

  @Option(names = "--batch-size", paramLabel = "BYTES", description = "Producer batch.size (default 16384).")
  String batchSize;

  @Option(names = "--linger-ms", paramLabel = "MS", description = "Producer linger.ms (default 0).")
  Integer lingerMs;

  @Option(names = "--compression", paramLabel = "TYPE", description = "none, gzip, snappy, lz4 or zstd (default none).")
  String compression;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions when the topic is created (default 1).")
  Integer partitions;

  @Override
  protected WorkloadKind kind() {
    return WorkloadKind.KAFKA;
  }

  @Override
  protected Object workload() {
    KafkaWorkload w = new KafkaWorkload();
    w.setBootstrapServers(bootstrapServers);
    w.setTopic(topic);
    w.setOp(FlagValues.choice(KafkaWorkload.Op.class, "--op", op));
    w.setMessageSize(FlagValues.size(messageSize));
    if (acks != null && !acks.matches("0|1|all|-1")) {
      throw new ConfigException("--acks " + acks + ": expected 0, 1 or all");
    }
    w.setAcks(acks);
    w.setBatchSize(FlagValues.size(batchSize));
    w.setLingerMs(lingerMs);
    if (compression != null && !compression.matches("none|gzip|snappy|lz4|zstd")) {
      throw new ConfigException("--compression " + compression + ": expected none, gzip, snappy, lz4 or zstd");
    }
    w.setCompression(compression);
    w.setPartitions(partitions);
    return w;
  }
}
