package dev.regatta.operator.results;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.S3Bucket;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Reads result documents a run's runners put in S3 (spec.results.s3), and writes the merged report next to them. Credentials come from the same Secret
 * the runners got them from (the operator reads it in the run's namespace), or the default chain.
 */
public class S3ObjectStore implements ResultCollector.ObjectStore {
  private final KubernetesClient client;
  private final UnaryOperator<String> endpoints;

  public S3ObjectStore(KubernetesClient client) {
    this(client, UnaryOperator.identity());
  }

  /** @param endpoints maps the endpoint a run names to the one to connect to (local mode's stand-ins) */
  public S3ObjectStore(KubernetesClient client, UnaryOperator<String> endpoints) {
    this.client = client;
    this.endpoints = endpoints;
  }

  @Override
  public String read(BenchmarkRunSpec spec, String namespace, String location) throws Exception {
    if (spec.getResults() == null || spec.getResults().getS3() == null) {
      throw new IllegalStateException("result is at " + location + " but the run has no spec.results.s3");
    }
    URI uri = URI.create(location);
    if (!"s3".equals(uri.getScheme())) {
      throw new IllegalArgumentException("resultLocation '" + location + "' is not an s3:// URI");
    }
    String bucket = uri.getHost();
    String key = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    try (S3Client s3 = s3(spec.getResults().getS3(), namespace)) {
      return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }
  }

  /** PUTs one object into the run's bucket (spec.results.s3.bucket) with the same client and credentials. */
  @Override
  public String write(BenchmarkRunSpec spec, String namespace, String key, String body, String contentType) {
    if (spec.getResults() == null || spec.getResults().getS3() == null) {
      throw new IllegalStateException("the run has no spec.results.s3");
    }
    S3Bucket sink = spec.getResults().getS3();
    try (S3Client s3 = s3(sink, namespace)) {
      s3.putObject(r -> r.bucket(sink.getBucket()).key(key).contentType(contentType),
          RequestBody.fromString(body, StandardCharsets.UTF_8));
    }
    return "s3://" + sink.getBucket() + "/" + key;
  }

  private S3Client s3(S3Bucket sink, String namespace) {
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder())
        .region(Region.of(sink.getRegion() == null ? "us-east-1" : sink.getRegion()))
        .forcePathStyle(sink.getPathStyle() == null || sink.getPathStyle())
        // Since SDK 2.30 checksums are on by default; many S3-compatible stores reject the headers (501).
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(credentials(sink, namespace));
    if (sink.getEndpoint() != null && !sink.getEndpoint().isBlank()) {
      b.endpointOverride(URI.create(endpoints.apply(sink.getEndpoint())));
    }
    return b.build();
  }

  private AwsCredentialsProvider credentials(S3Bucket sink, String namespace) {
    var ref = sink.getCredentialsSecret();
    if (ref == null || ref.getName() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null || secret.getData() == null) {
      throw new IllegalStateException("Secret " + namespace + "/" + ref.getName() + " not found");
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(
        decode(secret, ref.getAccessKeyIdKey()), decode(secret, ref.getSecretAccessKeyKey())));
  }

  private static String decode(Secret s, String key) {
    String v = s.getData().get(key);
    if (v == null) {
      throw new IllegalStateException("Secret " + s.getMetadata().getName() + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8).trim();
  }
}
