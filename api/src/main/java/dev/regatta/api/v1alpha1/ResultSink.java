package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where per-pod result documents go. Without s3: one ConfigMap per pod, labelled regatta.dev/run=NAME. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResultSink {
  @JsonPropertyDescription("Store each pod's result.json under s3://bucket/prefix/NAMESPACE/RUN/ instead of in its ConfigMap.")
  private S3Bucket s3;

  public S3Bucket getS3() { return s3; }
  public void setS3(S3Bucket s3) { this.s3 = s3; }
}
