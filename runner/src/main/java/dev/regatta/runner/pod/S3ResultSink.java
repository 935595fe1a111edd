package dev.regatta.runner.pod;

import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.runner.workload.SecretEnv;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Puts a result document into the run's bucket (spec.results.s3). */
final class S3ResultSink {
  private S3ResultSink() {}

  /** PUTs the document and returns its location, s3://bucket/key. */
  static String put(S3Bucket target, String key, String json) {
    AwsCredentialsProvider creds;
    if (target.getCredentialsSecret() != null) {
      var s = target.getCredentialsSecret();
      creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(
          SecretEnv.get(s.getName(), s.getAccessKeyIdKey()), SecretEnv.get(s.getName(), s.getSecretAccessKeyKey())));
    } else {
      creds = DefaultCredentialsProvider.builder().build();
    }
    var builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder().build())
        .region(Region.of(target.getRegion() == null ? "us-east-1" : target.getRegion()))
        .credentialsProvider(creds)
        // Checksums only where S3 requires them (as the s3 workload does): S3-compatible stores such as
        // s3proxy reject the SDK's default flexible-checksum uploads.
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .serviceConfiguration(S3Configuration.builder()
            .pathStyleAccessEnabled(target.getPathStyle() == null || target.getPathStyle()).build());
    if (target.getEndpoint() != null && !target.getEndpoint().isEmpty()) {
      builder.endpointOverride(URI.create(target.getEndpoint()));
    }
    try (S3Client s3 = builder.build()) {
      s3.putObject(PutObjectRequest.builder().bucket(target.getBucket()).key(key).contentType("application/json").build(),
          RequestBody.fromString(json));
    }
    return "s3://" + target.getBucket() + "/" + key;
  }
}
