package dev.regatta.runner.workloads.s3;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3AsyncClient (Netty or CRT HTTP client). Each call waits for its own future: a load slot is one request
 * in flight, exactly as with the sync clients, so "connections" means the same concurrency for every client.
 */
final class AsyncS3Access implements S3Access {
  private final S3AsyncClient s3;

  AsyncS3Access(S3AsyncClient s3) {
    this.s3 = s3;
  }

  @Override
  public InputStream get(String bucket, String key, String range) throws Exception {
    // The body is read through a blocking stream in the caller's buffer size, like the sync clients'.
    return await(s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).range(range).build(),
        AsyncResponseTransformer.toBlockingInputStream()));
  }

  @Override
  public void put(String bucket, String key, byte[] body) throws Exception {
    await(s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) body.length),
        AsyncRequestBody.fromBytesUnsafe(body)));
  }

  @Override
  public int list(String bucket, String prefix) throws Exception {
    return await(s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix))).contents().size();
  }

  @Override
  public long length(String bucket, String key) throws Exception {
    try {
      return await(s3.headObject(b -> b.bucket(bucket).key(key))).contentLength();
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
  public void delete(String bucket, String key) throws Exception {
    await(s3.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  @Override
  public boolean bucketExists(String bucket) throws Exception {
    try {
      await(s3.headBucket(b -> b.bucket(bucket)));
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
  public void createBucket(String bucket) throws Exception {
    await(s3.createBucket(b -> b.bucket(bucket)));
  }

  @Override
  public void close() {
    s3.close();
  }

  /** Waits and rethrows the SDK's own exception, so errors are classified the same as for the sync clients. */
  private static <T> T await(CompletableFuture<T> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    }
  }
}
