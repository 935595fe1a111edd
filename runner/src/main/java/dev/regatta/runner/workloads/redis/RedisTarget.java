package dev.regatta.runner.workloads.redis;

import dev.regatta.api.v1alpha1.RedisWorkload;
import dev.regatta.api.v1alpha1.RedisWorkload.Op;
import dev.regatta.runner.transport.TlsSettings;
import dev.regatta.runner.workload.NonBlockingConnection;
import dev.regatta.runner.workload.NonBlockingWorkload;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.SecretEnv;
import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.WorkloadException;
import dev.regatta.units.Sizes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The redis workload: GET/SET/mixed over a key space of pre-built keys, or a blob read in GETRANGE chunks of
 * bufferSize. Two clients (the spec's {@code client}, the CLI's {@code --client}): Jedis, one blocking
 * connection per load thread, and {@code nio}, {@link RespNioConnection} on the engine's event loops. Jedis
 * is the product's Redis client and always does prepare; {@code nio} exists for speed (see
 * docs/MEASUREMENT.md) and by default runs whatever it can: get/set/mixed on a plain connection in the
 * closed model.
 */
public final class RedisTarget implements NonBlockingWorkload {
  public static final int DEFAULT_KEY_SPACE = 10_000;
  public static final int DEFAULT_VALUE_SIZE = 100;
  public static final int DEFAULT_READ_PERCENT = 90;
  public static final int DEFAULT_BUFFER_SIZE = 65536;
  public static final String DEFAULT_BLOB_KEY = "blob";
  static final String KEY_PREFIX = "regatta:";

  final RedisUrl url;
  final Op op;
  final int keySpace;
  final int valueSize;
  final int readPercent;
  final int pipeline;
  final byte[] blobKey;
  final int bufferSize;
  final JedisClientConfig config;
  /** rediss://: TLS settings of the nio connections (null for redis://). */
  final TlsSettings tlsSettings;
  final String user;
  final String password;
  final long timeoutMillis;
  /** The nio client runs this point's operations. */
  final boolean nio;
  /** Why Jedis runs although nio was not asked against (blobRead, TLS, ...), or null. */
  final String jedisBecause;
  /** Keys built once, shared read-only by every connection, so an operation allocates no key. */
  final byte[][] keys;
  long blobLength;

  /** @throws IllegalArgumentException when the spec asks for the nio client where it cannot run (blobRead) */
  public RedisTarget(RedisWorkload spec, RunContext ctx) {
    this.url = RedisUrl.parse(spec.getUrl());
    this.op = spec.getOp() == null ? Op.GET : spec.getOp();
    this.keySpace = spec.getKeySpace() == null ? DEFAULT_KEY_SPACE : spec.getKeySpace();
    this.valueSize = (int) Sizes.parse(spec.getValueSize(), DEFAULT_VALUE_SIZE);
    this.readPercent = spec.getReadPercent() == null ? DEFAULT_READ_PERCENT : spec.getReadPercent();
    this.pipeline = spec.getPipeline() == null ? 1 : spec.getPipeline();
    this.blobKey = (spec.getKey() == null ? DEFAULT_BLOB_KEY : spec.getKey()).getBytes(StandardCharsets.UTF_8);
    this.bufferSize = (int) Sizes.parse(spec.getBufferSize(), DEFAULT_BUFFER_SIZE);
    if (bufferSize < 1 || valueSize < 0 || keySpace < 1) {
      throw new IllegalArgumentException("redis: bufferSize and keySpace must be at least 1, valueSize at least 0");
    }
    String password = url.password();
    if (spec.getPasswordSecret() != null) {
      password = SecretEnv.get(spec.getPasswordSecret().getName(), spec.getPasswordSecret().getKey());
    }
    this.user = url.user();
    this.password = password;
    this.tlsSettings = url.tls() ? TlsSettings.of(false, ctx.caPem(null)) : null;
    DefaultJedisClientConfig.Builder jedis = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(ctx.timeoutMillis())
        .socketTimeoutMillis(ctx.timeoutMillis())
        .ssl(url.tls())
        .user(url.user())
        .password(password)
        .database(url.database());
    if (tlsSettings != null) {
      javax.net.ssl.SSLParameters verifyHost = new javax.net.ssl.SSLParameters();
      verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
      jedis.sslSocketFactory(tlsSettings.context().getSocketFactory()).sslParameters(verifyHost);
    }
    this.config = jedis.build();
    this.keys = op == Op.BLOB_READ ? new byte[0][] : buildKeys(keySpace);
    this.timeoutMillis = ctx.timeoutMillis();
    // the event-loop client does TLS, AUTH and SELECT; it has no GETRANGE walk
    String needsJedis = op == Op.BLOB_READ ? "blobRead" : null;
    RedisWorkload.Client client = spec.getClient();
    if (client == RedisWorkload.Client.NIO && needsJedis != null) {
      throw new IllegalArgumentException("redis: client nio does not support " + needsJedis
          + "; use client jedis, or leave client unset to choose jedis for it");
    }
    this.nio = client == null ? needsJedis == null : client == RedisWorkload.Client.NIO;
    this.jedisBecause = client == null ? needsJedis : null;
  }

  /** The line the summary prints: which client ran, and why when it was not asked for. */
  @Override
  public String clientNote() {
    if (nio) {
      return "nio (event-loop RESP client" + (pipeline > 1 ? ", pipeline " + pipeline : "") + ")";
    }
    return "jedis (one blocking connection per thread" + (jedisBecause != null ? "; " + jedisBecause + " needs Jedis"
        : "") + ")";
  }

  static byte[][] buildKeys(int n) {
    byte[][] k = new byte[n][];
    for (int i = 0; i < n; i++) {
      k[i] = (KEY_PREFIX + i).getBytes(StandardCharsets.UTF_8);
    }
    return k;
  }

  Jedis open() throws TargetUnreachableException {
    try {
      Jedis j = new Jedis(new HostAndPort(url.host(), url.port()), config);
      j.ping();
      return j;
    } catch (JedisConnectionException e) {
      throw new TargetUnreachableException(url.text(), e);
    }
  }

  /** Checks the server answers, then writes the values get/mixed will read, or finds the blob's length. */
  @Override
  public void prepare() throws Exception {
    try (Jedis j = open()) {
      if (op == Op.GET || op == Op.MIXED) {
        byte[] value = value(valueSize);
        Pipeline p = j.pipelined();
        for (int i = 0; i < keySpace; i++) {
          p.set(keys[i], value);
          if (i % 1000 == 999) {
            p.sync();
          }
        }
        p.sync();
      } else if (op == Op.BLOB_READ) {
        blobLength = j.strlen(blobKey);
        if (blobLength == 0) {
          throw new WorkloadException("redis_error", "blobRead: key '" + new String(blobKey, StandardCharsets.UTF_8)
              + "' is empty or missing on " + url.text() + " (preload it with a sidecar preload, or SET it first)");
        }
      }
    }
  }

  static byte[] value(int size) {
    byte[] v = new byte[size];
    Arrays.fill(v, (byte) 'x');
    return v;
  }

  /** With the nio client, get/set/mixed (pipelined or not) run on event loops; see RespNioConnection. */
  @Override
  public boolean supportsNonBlocking() {
    return nio;
  }

  @Override
  public java.time.Duration operationTimeout() {
    return java.time.Duration.ofMillis(timeoutMillis);
  }

  @Override
  public NonBlockingConnection connectNonBlocking() throws Exception {
    try {
      return new RespNioConnection(this);
    } catch (java.io.IOException e) {
      throw new TargetUnreachableException(url.text(), e);
    }
  }

  @Override
  public WorkloadConnection connect() throws Exception {
    return new RedisConnection(this, open());
  }
}
