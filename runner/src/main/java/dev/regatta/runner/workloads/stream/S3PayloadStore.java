package dev.regatta.runner.workloads.stream;

import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.runner.workloads.s3.S3Access;
import dev.regatta.runner.workloads.s3.S3Clients;
import dev.regatta.runner.workloads.s3.S3Credentials;
import dev.regatta.runner.workload.WorkloadException;
import java.io.InputStream;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Payloads as S3 objects under the bucket's prefix: PUT by the generator, GET then DELETE by the worker. */
final class S3PayloadStore implements PayloadStore {
  private final S3Access s3;
  private final String bucket;
  private final String prefix;

  S3PayloadStore(S3Bucket b, int connections, Duration timeout) throws Exception {
    var creds = S3Credentials.of(b);
    S3Credentials.check(creds, b.getEndpoint() == null ? "AWS S3" : b.getEndpoint());
    this.s3 = S3Clients.create(b, S3Workload.Client.APACHE, connections, timeout, creds, false);
    this.bucket = b.getBucket();
    String p = b.getPrefix() == null ? "regatta" : b.getPrefix();
    this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    if (!s3.bucketExists(bucket)) {
      s3.close();
      throw new IllegalStateException("stream payload bucket " + bucket + " does not exist on "
          + (b.getEndpoint() == null ? "AWS S3" : b.getEndpoint()));
    }
  }

  @Override
  public void put(String key, byte[] payload) throws Exception {
    try {
      s3.put(bucket, prefix + key, payload);
    } catch (AwsServiceException e) {
      throw typed(e);
    }
  }

  /** s3_InternalError, s3_SlowDown...: S3's own code, as the s3 workload reports it. */
  private static WorkloadException typed(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return new WorkloadException(code == null ? "s3_" + e.statusCode() : "s3_" + code, e.getMessage());
  }

  @Override
  public byte[] take(String key) throws Exception {
    byte[] body;
    try (InputStream in = s3.get(bucket, prefix + key, null)) {
      body = in.readAllBytes();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (AwsServiceException e) {
      throw typed(e);
    }
    try {
      s3.delete(bucket, prefix + key);
    } catch (AwsServiceException e) {
      throw typed(e);
    }
    return body;
  }

  @Override
  public void close() {
    s3.close();
  }
}
