package dev.regatta.runner.workloads.s3;

import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.S3Workload.Client;
import dev.regatta.api.v1alpha1.S3Workload.Op;
import dev.regatta.runner.workload.ConnectionCounters;
import dev.regatta.runner.workload.ErrorTypes;
import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.WorkloadException;
import dev.regatta.units.Sizes;
import java.io.InputStream;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The s3 workload at one scenario point: GET (whole object or random ranges), PUT or LIST through one shared
 * SDK client whose pool holds {@code connections} connections; each load slot has one request in flight.
 */
public final class S3Benchmark implements Workload {
  static final String DEFAULT_KEY = "regatta/blob";
  static final String DEFAULT_PREFIX = "regatta/put/";
  static final long DEFAULT_OBJECT_SIZE = 1024 * 1024;
  static final int DEFAULT_BUFFER_SIZE = 65536;
  /** PUTs rotate over this many keys per slot, so a long run overwrites instead of filling the bucket. */
  static final int PUT_KEYS_PER_SLOT = 64;

  private final S3Workload spec;
  private final int connections;
  private final Duration connectTimeout;
  private final String bucket;
  private final String key;
  private final String prefix;
  private final long objectSize;
  private final int bufferSize;
  private final long rangeSize;
  /** PUT keys carry a token per workload instance so pods and repeats of one run do not collide. */
  private final String putToken = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger slots = new AtomicInteger();

  private S3Access s3;
  private long objectLength = -1;
  private byte[] putBody;

  public S3Benchmark(S3Workload spec, int connections, Duration connectTimeout) {
    this.spec = spec;
    this.connections = connections;
    this.connectTimeout = connectTimeout;
    this.bucket = spec.getBucket();
    this.key = spec.getKey() == null ? DEFAULT_KEY : spec.getKey();
    this.prefix = spec.getKeyPrefix() == null ? DEFAULT_PREFIX : spec.getKeyPrefix();
    this.objectSize = Sizes.parse(spec.getObjectSize(), DEFAULT_OBJECT_SIZE);
    this.bufferSize = (int) Sizes.parse(spec.getBufferSize(), DEFAULT_BUFFER_SIZE);
    this.rangeSize = Sizes.parse(spec.getRangeSize(), 0);
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("s3: bucket is required");
    }
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("s3: bufferSize must be positive");
    }
    if (objectSize > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("s3: objectSize above 2 GiB is not supported");
    }
  }

  public S3Benchmark(S3Workload spec, int connections) {
    this(spec, connections, Duration.ofSeconds(10));
  }

  private Op op() {
    return spec.getOp() == null ? Op.GET : spec.getOp();
  }

  private Client client() {
    return spec.getClient() == null ? Client.APACHE : spec.getClient();
  }

  private String target() {
    return S3Clients.describe(spec) + " bucket " + bucket;
  }

  @Override
  public void prepare() throws Exception {
    AwsCredentialsProvider creds = S3Credentials.of(spec);
    S3Credentials.check(creds, S3Clients.describe(spec));
    s3 = S3Clients.create(spec, client(), connections, connectTimeout, creds, false);
    boolean writeMissing = Boolean.TRUE.equals(spec.getPrepare());
    try {
      if (!s3.bucketExists(bucket)) {
        if (!writeMissing) {
          throw new WorkloadException("s3_NoSuchBucket", target() + " does not exist (set prepare: true to create it)");
        }
        s3.createBucket(bucket);
      }
      switch (op()) {
        case GET -> prepareGet(writeMissing);
        case PUT -> putBody = randomBytes((int) objectSize);
        case LIST -> { }
      }
    } catch (SdkClientException e) {
      if (!causedByIo(e)) {
        throw e;
      }
      throw new TargetUnreachableException(S3Clients.describe(spec) + " (bucket " + bucket + ")", e);
    } catch (AwsServiceException e) {
      throw new WorkloadException(errorType(e), target() + ": " + e.awsErrorDetails().errorMessage()
          + " (" + e.statusCode() + " " + e.awsErrorDetails().errorCode() + ")");
    }
  }

  private void prepareGet(boolean writeMissing) throws Exception {
    objectLength = s3.length(bucket, key);
    if (objectLength < 0) {
      if (!writeMissing) {
        throw new WorkloadException("s3_NoSuchKey", "s3://" + bucket + "/" + key + " does not exist on "
            + S3Clients.describe(spec) + " (set prepare: true to write " + Sizes.format(objectSize) + " there first)");
      }
      s3.put(bucket, key, randomBytes((int) objectSize));
      objectLength = objectSize;
    }
    if (rangeSize > objectLength) {
      throw new WorkloadException("config", "rangeSize " + rangeSize + " is larger than s3://" + bucket + "/" + key
          + " (" + objectLength + " bytes)");
    }
  }

  /** The GET object's length as found (or written) by prepare. */
  public long objectLength() {
    return objectLength;
  }

  @Override
  public WorkloadConnection connect() {
    if (s3 == null) {
      throw new IllegalStateException("prepare() first");
    }
    int slot = slots.getAndIncrement();
    return switch (op()) {
      case GET -> new GetConnection();
      case PUT -> new PutConnection(slot);
      case LIST -> () -> {
        try {
          s3.list(bucket, prefix);
          return 0;
        } catch (AwsServiceException e) {
          throw typed(e);
        }
      };
    };
  }

  /** Reads the body in bufferSize buffers: the read size is the parameter the read-size sweep varies. */
  private final class GetConnection implements WorkloadConnection {
    private final byte[] buffer = new byte[bufferSize];
    private final SplittableRandom random = new SplittableRandom(ThreadLocalRandom.current().nextLong());
    /** Body bytes read (the SDK's request and header bytes are not counted: its connections are its own). */
    private final ConnectionCounters counters = new ConnectionCounters();

    @Override
    public void drainStats(dev.regatta.runner.record.Recorder to) {
      counters.drainInto(to);
    }

    @Override
    public long execute() throws Exception {
      String range = null;
      long expected = objectLength;
      if (rangeSize > 0) {
        long offset = objectLength == rangeSize ? 0 : random.nextLong(objectLength - rangeSize + 1);
        range = "bytes=" + offset + "-" + (offset + rangeSize - 1);
        expected = rangeSize;
      }
      long read = 0;
      try (InputStream in = s3.get(bucket, key, range)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          read += n;
        }
      } catch (AwsServiceException e) {
        throw typed(e);
      } finally {
        counters.received(read);
      }
      if (read != expected) {
        throw new WorkloadException("short_read", "read " + read + " of " + expected + " bytes");
      }
      return read;
    }
  }

  private final class PutConnection implements WorkloadConnection {
    private final String keyBase;
    private long seq;
    /** Body bytes written (as for GETs, the SDK's own header bytes are not counted). */
    private final ConnectionCounters counters = new ConnectionCounters();

    @Override
    public void drainStats(dev.regatta.runner.record.Recorder to) {
      counters.drainInto(to);
    }

    PutConnection(int slot) {
      this.keyBase = prefix + putToken + "/" + slot + "/";
    }

    @Override
    public long execute() throws Exception {
      try {
        s3.put(bucket, keyBase + (seq++ % PUT_KEYS_PER_SLOT), putBody);
      } catch (AwsServiceException e) {
        throw typed(e);
      }
      counters.sent(putBody.length);
      return putBody.length;
    }
  }

  /** s3_NoSuchKey, s3_SlowDown, s3_AccessDenied...: S3's own error codes are what users search for. */
  private static String errorType(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null || code.isBlank() ? ErrorTypes.httpStatus(e.statusCode()) : "s3_" + code;
  }

  private static WorkloadException typed(AwsServiceException e) {
    return new WorkloadException(errorType(e), e.getMessage());
  }

  private static boolean causedByIo(Throwable t) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }
}
