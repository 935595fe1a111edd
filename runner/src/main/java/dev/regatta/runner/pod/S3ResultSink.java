package dev.regatta.runner.pod;

import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.runner.workloads.s3.S3Clients;
import dev.regatta.runner.workloads.s3.S3Credentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Puts a result document into the run's bucket (spec.results.s3). */
final class S3ResultSink {
  private S3ResultSink() {}

  /**
   * PUTs the document and returns its location, s3://bucket/key. The client is {@link S3Clients#sync} (the
   * runner's one S3 configuration) over the light URLConnection HTTP client, with the SDK's retries.
   */
  static String put(S3Bucket target, String key, String json) {
    try (S3Client s3 = S3Clients.sync(target, UrlConnectionHttpClient.builder(), S3Credentials.of(target), true)) {
      s3.putObject(PutObjectRequest.builder().bucket(target.getBucket()).key(key).contentType("application/json").build(),
          RequestBody.fromString(json));
    }
    return "s3://" + target.getBucket() + "/" + key;
  }
}
