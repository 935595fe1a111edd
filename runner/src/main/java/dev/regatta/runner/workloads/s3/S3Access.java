package dev.regatta.runner.workloads.s3;

import java.io.InputStream;

/**
 * The few S3 calls the workload makes, the same for sync and async SDK clients, so the client implementation
 * is the only thing that changes between points of an I/O-client comparison.
 */
public interface S3Access extends AutoCloseable {
  /** The object's body as a stream; range is an HTTP Range value such as "bytes=0-4095", or null. */
  InputStream get(String bucket, String key, String range) throws Exception;

  void put(String bucket, String key, byte[] body) throws Exception;

  /** One page (up to 1000 keys) under the prefix; returns the number of keys. */
  int list(String bucket, String prefix) throws Exception;

  /** The object's length, or -1 when it does not exist. */
  long length(String bucket, String key) throws Exception;

  void delete(String bucket, String key) throws Exception;

  boolean bucketExists(String bucket) throws Exception;

  void createBucket(String bucket) throws Exception;

  @Override
  void close();
}
