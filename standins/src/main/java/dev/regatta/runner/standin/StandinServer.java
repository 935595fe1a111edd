package dev.regatta.runner.standin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * Local mode's S3 and Kafka stand-ins, in a child JVM that local mode starts from its own classpath (which
 * holds this module, s3proxy and the Kafka broker; the runner jar holds none of them).
 * Arguments: {@code [--s3 [N]] [--bucket NAME]... [--object BUCKET/KEY=BYTES]... [--kafka [N]]}: N s3proxy
 * instances (each with every bucket and object; default 1) and N brokers, one per distinct address a run names,
 * so that two targets are never one server. Prints one line per stand-in ({@code s3 URL}, {@code kafka
 * HOST:PORT}), in order, then {@code ready}; exits when its standard input closes, so it never outlives the local
 * mode that started it.
 *
 * <p>The S3 stand-in accepts any credentials: example runs name Secrets with placeholder keys, and on
 * loopback there is nothing to protect. Runs pointed at a real endpoint keep their real credentials.
 */
public final class StandinServer {
  private StandinServer() {}

  public static void main(String[] args) throws Exception {
    int s3 = 0;
    int kafka = 0;
    List<String> buckets = new ArrayList<>();
    List<String> objects = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--s3" -> {
          s3 = count(args, i) ? Integer.parseInt(args[++i]) : 1;
        }
        case "--kafka" -> {
          kafka = count(args, i) ? Integer.parseInt(args[++i]) : 1;
        }
        case "--bucket" -> buckets.add(args[++i]);
        case "--object" -> objects.add(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    // stand-in libraries log to stdout too; keep it for our protocol lines only
    System.setOut(System.err);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      for (int n = 0; n < s3; n++) {
        BlobStoreContext ctx = ContextBuilder.newBuilder("transient-nio2").credentials("local", "local")
            .build(BlobStoreContext.class);
        open.add(ctx);
        S3Proxy proxy = S3Proxy.builder().blobStore(ctx.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.NONE, null, null).build();
        proxy.start();
        open.add(0, proxy::stop);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("s3proxy did not start within 20s");
          }
          Thread.sleep(5);
        }
        BlobStore store = ctx.getBlobStore();
        for (String b : buckets) {
          store.createContainerInLocation(null, b);
        }
        Random random = new Random(42);
        for (String o : objects) {
          int eq = o.lastIndexOf('=');
          String path = o.substring(0, eq);
          long size = Long.parseLong(o.substring(eq + 1));
          int slash = path.indexOf('/');
          String bucket = path.substring(0, slash);
          store.createContainerInLocation(null, bucket);
          byte[] data = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
          random.nextBytes(data);
          store.putBlob(bucket, store.blobBuilder(path.substring(slash + 1)).payload(data).contentLength(data.length).build());
        }
        out.println("s3 http://127.0.0.1:" + proxy.getPort());
      }
      for (int n = 0; n < kafka; n++) {
        KafkaStandin k = KafkaStandin.start();
        open.add(0, k);
        out.println("kafka " + k.bootstrapServers());
      }
      out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // the parent never writes; EOF means it is gone or done
      }
    } finally {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception ignored) {
          // stopping anyway
        }
      }
    }
    System.exit(0);
  }

  /** True when the argument after {@code args[i]} is a count. */
  private static boolean count(String[] args, int i) {
    return i + 1 < args.length && args[i + 1].matches("[0-9]{1,3}");
  }
}
