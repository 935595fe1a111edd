package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.api.v1alpha1.SecretKeyPair;
import dev.regatta.api.v1alpha1.StreamWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.units.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"A generator -> broker -> dispatcher -> workers pipeline in this process. default mode: the "
        + "payload goes through the broker; proxy mode: only a key does, the payload through Redis or S3.",
        "Each measured window runs --tasks tasks and lasts until all are done: tasks/s and generated-to-finished "
            + "latency. --connections does not apply (use --workers)."})
public final class StreamCommand extends WorkloadCommand {
  @Option(names = "--broker", defaultValue = "redis", paramLabel = "BROKER", description = "redis (pub/sub) or kafka (default ${DEFAULT-VALUE}).")
  String broker;

  @Option(names = "--mode", defaultValue = "default", paramLabel = "MODE", description = "default or proxy (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--redis-url", defaultValue = "redis://127.0.0.1:6379", paramLabel = "URL",
      description = "Redis for pub/sub and proxy payloads (default ${DEFAULT-VALUE}).")
  String redisUrl;

  @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT", description = "broker kafka: bootstrap servers.")
  String kafkaBootstrapServers;

  @Option(names = "--payload-store", paramLabel = "STORE", description = "proxy mode: redis or s3 (default redis).")
  String payloadStore;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "payload store s3: endpoint.")
  String s3Endpoint;

  @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "payload store s3: bucket (must exist).")
  String s3Bucket;

  @Option(names = "--s3-prefix", paramLabel = "PREFIX", description = "payload store s3: key prefix (default regatta).")
  String s3Prefix;

  @Option(names = "--s3-credentials-secret", paramLabel = "NAME", description = "payload store s3: Secret NAME's key pair from the environment.")
  String s3CredentialsSecret;

  @Option(names = "--data-size", paramLabel = "BYTES", description = "Payload bytes per task (default 1024).")
  String dataSize;

  @Option(names = "--tasks", paramLabel = "N", description = "Tasks per measured window (default 1000).")
  Integer tasks;

  @Option(names = "--task-sleep", paramLabel = "DURATION", converter = Converters.GoDuration.class,
      description = "Simulated work per task, e.g. 5ms (default 0s).")
  String taskSleep;

  @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default 4).")
  Integer workers;

  @Override
  protected WorkloadKind kind() {
    return WorkloadKind.STREAM;
  }

  @Override
  protected Object workload() {
    StreamWorkload w = new StreamWorkload();
    w.setBroker(FlagValues.choice(StreamWorkload.Broker.class, "--broker", broker));
    w.setMode(FlagValues.choice(StreamWorkload.Mode.class, "--mode", mode));
    w.setRedisUrl(redisUrl);
    w.setKafkaBootstrapServers(kafkaBootstrapServers);
    w.setPayloadStore(FlagValues.choice(StreamWorkload.PayloadStore.class, "--payload-store", payloadStore));
    if (w.getBroker() == StreamWorkload.Broker.KAFKA && kafkaBootstrapServers == null) {
      throw new ConfigException("--broker kafka needs --kafka-bootstrap-servers");
    }
    if (s3Bucket != null) {
      S3Bucket b = new S3Bucket();
      b.setEndpoint(s3Endpoint);
      b.setBucket(s3Bucket);
      if (s3Prefix != null) {
        b.setPrefix(s3Prefix);
      }
      if (s3CredentialsSecret != null) {
        SecretKeyPair s = new SecretKeyPair();
        s.setName(s3CredentialsSecret);
        b.setCredentialsSecret(s);
      }
      w.setS3(b);
    } else if (w.getPayloadStore() == StreamWorkload.PayloadStore.S3) {
      throw new ConfigException("--payload-store s3 needs --s3-bucket");
    }
    w.setDataSize(FlagValues.size(dataSize));
    w.setTasks(tasks);
    if (taskSleep != null) {
      Durations.parse(taskSleep);
    }
    w.setTaskSleep(taskSleep);
    w.setWorkers(workers);
    return w;
  }
}
