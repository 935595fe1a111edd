package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import io.fabric8.kubernetes.api.model.IntOrString;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "redis", mixinStandardHelpOptions = true, sortOptions = false,
    description = "GET/SET/mixed load or a blob read in GETRANGE chunks against a Redis server (Jedis, or the "
        + "runner's event-loop RESP client for speed: see --client).")
public final class RedisCommand extends WorkloadCommand {
  @Option(names = "--url", defaultValue = "redis://127.0.0.1:6379", paramLabel = "URL",
      description = "redis://[:password@]host:port[/db] or rediss:// (default ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--op", defaultValue = "get", paramLabel = "OP",
      description = "get, set, mixed or blobRead (default ${DEFAULT-VALUE}).")
  String op;

  @Option(names = "--key-space", paramLabel = "N", description = "Distinct keys (default 10000).")
  Integer keySpace;

  @Option(names = "--value-size", paramLabel = "BYTES", description = "Value size for set and the values get reads (default 100).")
  String valueSize;

  @Option(names = "--read-percent", paramLabel = "PCT", description = "mixed: percentage of GETs (default 90).")
  Integer readPercent;

  @Option(names = {"-P", "--pipeline"}, paramLabel = "N", description = "Commands in flight per connection (default 1).")
  Integer pipeline;

  @Option(names = "--client", paramLabel = "CLIENT",
      description = "jedis (one blocking connection per thread) or nio (event-loop RESP client, like "
          + "redis-benchmark: get/set/mixed, TLS, AUTH, both load models). Default: nio where it applies "
          + "(all but blobRead), else jedis; the summary names the client that ran.")
  String client;

  @Option(names = "--key", paramLabel = "KEY", description = "blobRead: the key holding the blob (default blob).")
  String key;

  @Option(names = "--buffer-size", paramLabel = "BYTES", description = "blobRead: bytes per GETRANGE (default 65536).")
  String bufferSize;

  @Option(names = "--cacert", paramLabel = "PEM_FILE", description = "rediss://: trust the CA certificates in this PEM file.")
  java.nio.file.Path caFile;

  @Override
  protected dev.regatta.runner.workload.RunContext context() {
    return new dev.regatta.runner.workload.RunContext(common.timeoutDuration(), caFile);
  }

  @Override
  protected WorkloadKind kind() {
    return WorkloadKind.REDIS;
  }

  @Override
  protected Object workload() {
    RedisWorkload w = new RedisWorkload();
    w.setUrl(url);
    w.setOp(switch (op) {
      case "get" -> RedisWorkload.Op.GET;
      case "set" -> RedisWorkload.Op.SET;
      case "mixed" -> RedisWorkload.Op.MIXED;
      case "blobRead", "blobread", "blob-read" -> RedisWorkload.Op.BLOB_READ;
      default -> throw new ConfigException("--op " + op + ": expected get, set, mixed or blobRead");
    });
    w.setKeySpace(keySpace);
    w.setValueSize(size(valueSize));
    w.setReadPercent(readPercent);
    w.setPipeline(pipeline);
    w.setKey(key);
    if (client != null) {
      w.setClient(switch (client) {
        case "jedis" -> RedisWorkload.Client.JEDIS;
        case "nio" -> RedisWorkload.Client.NIO;
        default -> throw new ConfigException("--client " + client + ": expected jedis or nio");
      });
    }
    w.setBufferSize(size(bufferSize));
    return w;
  }

  static IntOrString size(String v) {
    if (v == null) {
      return null;
    }
    try {
      return new IntOrString(Integer.parseInt(v));
    } catch (NumberFormatException e) {
      return new IntOrString(v);
    }
  }
}
