package dev.regatta.runner.standin;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible server (s3proxy) in this JVM on a free 127.0.0.1 port, for tests and local mode. Clients
 * must use path-style addressing (there is no DNS for virtual-host buckets on loopback) and the fixed
 * credentials {@link #ACCESS_KEY}/{@link #SECRET_KEY}, checked with real SigV4/V2 signatures so a client that
 * signs wrongly fails here as it would against S3.
 */
public final class S3Standin implements AutoCloseable {
  public static final String ACCESS_KEY = "regatta-access-key";
  public static final String SECRET_KEY = "regatta-secret-key";
  public static final String REGION = "us-east-1";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final String endpoint;

  private S3Standin(BlobStoreContext context) throws Exception {
    this.context = context;
    this.proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    try {
      proxy.start();
      // Jetty binds asynchronously to start(); the port is known once it reports STARTED.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start within 10s (state " + proxy.getState() + ")");
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      close();
      throw e;
    }
    this.endpoint = "http://127.0.0.1:" + proxy.getPort();
  }

  /**
   * Objects live in memory and vanish on close. This is jclouds' map-based "transient" store, not s3proxy's
   * "transient-nio2": that one keeps objects as files in an in-memory file system and deletes a directory when
   * its last object goes, so a PUT racing a DELETE under the same prefix fails with a 500.
   */
  public static S3Standin inMemory() throws Exception {
    return new S3Standin(ContextBuilder.newBuilder("transient")
        .credentials(ACCESS_KEY, SECRET_KEY)
        .build(BlobStoreContext.class));
  }

  /** Objects are files under dir (one directory per bucket), kept after close. */
  public static S3Standin onDisk(Path dir) throws Exception {
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    return new S3Standin(ContextBuilder.newBuilder("filesystem-nio2")
        .credentials(ACCESS_KEY, SECRET_KEY)
        .overrides(p)
        .build(BlobStoreContext.class));
  }

  /** e.g. http://127.0.0.1:41234 */
  public String endpoint() {
    return endpoint;
  }

  public int port() {
    return proxy.getPort();
  }

  /** The store behind the server, to create buckets and check objects without going through S3. */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  public void createBucket(String bucket) {
    blobStore().createContainerInLocation(null, bucket);
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
