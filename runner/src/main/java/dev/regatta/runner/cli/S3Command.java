package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.SecretKeyPair;
import dev.regatta.api.v1alpha1.WorkloadKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "s3", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"GET (whole or ranged), PUT or LIST against an S3-compatible endpoint through the AWS SDK v2, "
        + "with the SDK's HTTP client as a parameter (apache, urlconnection, netty, crt).",
        "Credentials: the default AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, web identity), "
            + "or --credentials-secret NAME, read from REGATTA_SECRET_<NAME>__AWS_ACCESS_KEY_ID/..."})
public final class S3Command extends WorkloadCommand {
  @Option(names = "--endpoint", paramLabel = "URL", description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (default: AWS S3).")
  String endpoint;

  @Option(names = "--region", defaultValue = "us-east-1", paramLabel = "REGION", description = "Signing region (default ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--virtual-host", description = "Virtual-host addressing (bucket in the host name) instead of path style.")
  boolean virtualHost;

  @Option(names = "--bucket", required = true, paramLabel = "BUCKET")
  String bucket;

  @Option(names = "--key", paramLabel = "KEY", description = "get: the object (default regatta/blob).")
  String key;

  @Option(names = "--key-prefix", paramLabel = "PREFIX", description = "put/list: key prefix (default regatta/put/).")
  String keyPrefix;

  @Option(names = "--op", defaultValue = "get", paramLabel = "OP", description = "get, put or list (default ${DEFAULT-VALUE}).")
  String op;

  @Option(names = "--client", defaultValue = "apache", paramLabel = "CLIENT",
      description = "apache, urlconnection (sync), netty (async) or crt (async, AWS CRT) (default ${DEFAULT-VALUE}).")
  String client;

  @Option(names = "--object-size", paramLabel = "BYTES", description = "put: object size; get --prepare: size written (default 1Mi).")
  String objectSize;

  @Option(names = "--buffer-size", paramLabel = "BYTES", description = "get: read the body in buffers of this size (default 65536).")
  String bufferSize;

  @Option(names = "--range-size", paramLabel = "BYTES", description = "get: fetch ranges of this size at random offsets.")
  String rangeSize;

  @Option(names = "--prepare", description = "Create the bucket and write the GET object first if missing.")
  boolean prepare;

  @Option(names = "--credentials-secret", paramLabel = "NAME", description = "Take the key pair from Secret NAME's environment variables.")
  String credentialsSecret;

  @Override
  protected WorkloadKind kind() {
    return WorkloadKind.S3;
  }

  @Override
  protected Object workload() {
    S3Workload w = new S3Workload();
    w.setEndpoint(endpoint);
    w.setRegion(region);
    w.setPathStyle(!virtualHost);
    w.setBucket(bucket);
    w.setKey(key);
    w.setKeyPrefix(keyPrefix);
    w.setOp(FlagValues.choice(S3Workload.Op.class, "--op", op));
    w.setClient(FlagValues.choice(S3Workload.Client.class, "--client", client));
    w.setObjectSize(FlagValues.size(objectSize));
    w.setBufferSize(FlagValues.size(bufferSize));
    w.setRangeSize(FlagValues.size(rangeSize));
    w.setPrepare(prepare ? Boolean.TRUE : null);
    if (credentialsSecret != null) {
      SecretKeyPair s = new SecretKeyPair();
      s.setName(credentialsSecret);
      w.setCredentialsSecret(s);
    }
    return w;
  }
}
