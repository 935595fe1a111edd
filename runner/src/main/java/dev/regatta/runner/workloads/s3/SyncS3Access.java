package dev.regatta.runner.workloads.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3Client over a blocking HTTP client (Apache, URLConnection). */
final class SyncS3Access implements S3Access {
  private final S3Client s3;

  SyncS3Access(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public InputStream get(String bucket, String key, String range) {
    return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).range(range).build());
  }

  @Override
  public void put(String bucket, String key, byte[] body) {
    // A content provider instead of RequestBody.fromBytes: that one copies the whole body on every call.
    s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) body.length),
        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body), body.length, "application/octet-stream"));
  }

  @Override
  public int list(String bucket, String prefix) {
    return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().size();
  }

  @Override
  public long length(String bucket, String key) {
    try {
      return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
    } catch (NoSuchKeyException e) {
      return -1;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return -1;
      }
      throw e;
    }
  }

  @Override
  public void delete(String bucket, String key) {
    s3.deleteObject(b -> b.bucket(bucket).key(key));
  }

  @Override
  public boolean bucketExists(String bucket) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void createBucket(String bucket) {
    s3.createBucket(b -> b.bucket(bucket));
  }

  @Override
  public void close() {
    s3.close();
  }
}
