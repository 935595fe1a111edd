package dev.regatta.runner.workloads.s3;

import dev.regatta.api.v1alpha1.S3Endpoint;
import dev.regatta.api.v1alpha1.S3Workload.Client;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place the runner builds S3 clients (the s3 workload, the stream workload's payload store, sidecar
 * preloads, the pod's result sink): endpoint, path-style, region, credentials and checksums are set in
 * {@link #configure} for every client. {@link #create} builds one over one of the SDK's HTTP client
 * implementations, its connection pool sized to the load's concurrency so no request waits for a
 * connection the client refuses to open; {@link #sync} is the sync client over a given HTTP client.
 *
 * <p>crt is the standard {@link S3AsyncClient} over {@link AwsCrtAsyncHttpClient}, not the CRT-based S3
 * client ({@code S3AsyncClient.crtBuilder()}): that one splits a GET into parallel ranged parts and adds its
 * own concurrency, so a "connections" setting and a "GET" would no longer mean the same thing as for the other
 * three clients. Here only the HTTP layer differs, which is what an I/O-client comparison compares.
 *
 * <p>Checksums are computed and validated only where S3 requires them: since SDK 2.30 the default adds CRC32
 * trailers to every PUT, which many S3-compatible stores reject and which costs each client different CPU.
 */
public final class S3Clients {
  private S3Clients() {}

  /**
   * @param connections the most requests in flight at once
   * @param retries false for measurement (a failure is counted, not hidden by a retry), true for preloads
   */
  public static S3Access create(S3Endpoint ep, Client client, int connections, Duration connectTimeout,
      AwsCredentialsProvider credentials, boolean retries) {
    int pool = Math.max(1, connections);
    return switch (client) {
      case APACHE -> new SyncS3Access(sync(ep,
          ApacheHttpClient.builder().maxConnections(pool).connectionTimeout(connectTimeout), credentials, retries));
      case URLCONNECTION -> {
        // HttpURLConnection keeps at most http.maxConnections idle connections per host (default 5) for
        // keep-alive; with more slots, the rest would reconnect on every request. It is read once per JVM.
        if (System.getProperty("http.maxConnections") == null) {
          System.setProperty("http.maxConnections", String.valueOf(Math.max(5, pool)));
        }
        yield new SyncS3Access(sync(ep, UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout),
            credentials, retries));
      }
      case NETTY -> new AsyncS3Access(configure(S3AsyncClient.builder(), ep, credentials, retries)
          .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(pool).connectionTimeout(connectTimeout))
          .build());
      case CRT -> new AsyncS3Access(configure(S3AsyncClient.builder(), ep, credentials, retries)
          .httpClientBuilder(AwsCrtAsyncHttpClient.builder().maxConcurrency(pool).connectionTimeout(connectTimeout))
          .build());
    };
  }

  /**
   * The sync client over {@code http}: the endpoint (none: AWS), path-style unless the endpoint says
   * otherwise, the region (default us-east-1), {@code credentials}, checksums only where S3 requires them,
   * and the SDK's retries unless {@code retries} is false.
   */
  public static S3Client sync(S3Endpoint ep, SdkHttpClient.Builder<?> http, AwsCredentialsProvider credentials,
      boolean retries) {
    return configure(S3Client.builder(), ep, credentials, retries).httpClientBuilder(http).build();
  }

  /** A sync Apache client with retries, for one-off transfers such as preloads. */
  public static S3Access forTransfer(S3Endpoint ep) {
    AwsCredentialsProvider creds = S3Credentials.of(ep);
    S3Credentials.check(creds, describe(ep));
    return create(ep, Client.APACHE, 4, Duration.ofSeconds(10), creds, true);
  }

  private static <B extends S3BaseClientBuilder<B, ?>> B configure(B b, S3Endpoint ep,
      AwsCredentialsProvider credentials, boolean retries) {
    if (ep.getEndpoint() != null && !ep.getEndpoint().isBlank()) {
      b.endpointOverride(URI.create(ep.getEndpoint()));
    }
    b.region(Region.of(ep.getRegion() == null ? "us-east-1" : ep.getRegion()))
        .forcePathStyle(ep.getPathStyle() == null || ep.getPathStyle())
        .credentialsProvider(credentials)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!retries) {
      b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
    return b;
  }

  static String describe(S3Endpoint ep) {
    return ep.getEndpoint() == null || ep.getEndpoint().isBlank() ? "AWS S3 (" + ep.getRegion() + ")" : ep.getEndpoint();
  }
}
